import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CoverageReport } from './coverage-report.types.js';
import { LineHits } from './line-hits.js';
import { reportError } from './report-error.js';

// Cobertura XML (coverage.py `coverage xml`, JaCoCo through cover2cover, gcovr, many CI
// tools): `<sources>` roots and `<class filename>` elements with `<lines><line number hits>`.
// Lines under `<methods>` repeat the class's lines and are not read. Entity declarations
// are refused before parsing: a report never needs them, and they are how XML bombs work.
const ARRAYS = new Set(['source', 'package', 'class', 'line']);

export function readCobertura(text: string, source: string): CoverageReport {
  const entity = /<!ENTITY/i.exec(text);
  if (entity)
    throw reportError(source, 'XML entity declarations are not allowed', lineOf(text, entity.index));
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw reportError(source, `invalid XML: ${valid.err.msg}`, valid.err.line);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    processEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => ARRAYS.has(name),
  }).parse(text) as Record<string, unknown>;
  const coverage = doc.coverage as Record<string, unknown> | undefined;
  if (!coverage || typeof coverage !== 'object')
    throw reportError(source, 'a Cobertura report has a <coverage> root element', 1);
  const sourceRoots = list(obj(coverage.sources)?.source).map((s) => String(textOf(s)).trim());
  const hits = new LineHits();
  for (const pkg of list(obj(coverage.packages)?.package)) {
    for (const cls of list(obj(obj(pkg)?.classes)?.class)) {
      const filename = obj(cls)?.filename;
      if (typeof filename !== 'string' || filename === '')
        throw reportError(source, '<class> without a filename', lineOf(text, text.indexOf('<class')));
      hits.touch(filename);
      for (const line of list(obj(obj(cls)?.lines)?.line)) {
        const number = Number(obj(line)?.number);
        const count = Number(obj(line)?.hits);
        if (!Number.isInteger(number) || number < 1 || !Number.isFinite(count) || count < 0)
          throw reportError(source, `bad <line> in ${filename}`, lineOf(text, text.indexOf(filename)));
        hits.add(filename, number, count);
      }
    }
  }
  return { format: 'cobertura', sourceRoots, files: hits.files };
}

function obj(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function textOf(value: unknown): unknown {
  return obj(value)?.['#text'] ?? value;
}

function lineOf(text: string, index: number): number {
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}
