import libCoverage from 'istanbul-lib-coverage';
import { parseJson } from '../../../load/index.js';
import type { CoverageReport } from './coverage-report.types.js';
import { LineHits } from './line-hits.js';
import { reportError } from './report-error.js';

// Istanbul JSON (`coverage-final.json` from nyc, c8 `--reporter=json`, vitest and jest's
// json reporter): file -> statement map and counts. istanbul-lib-coverage turns statements
// into line hits the way Istanbul's own reporters do. A summary (`coverage-summary.json`)
// has no lines and is refused.
const LIMITS = { maxBytes: 512 * 1024 * 1024, maxNodes: 50_000_000, maxDepth: 16 };

export function readIstanbul(text: string, source: string): CoverageReport {
  const parsed = parseJson(text, LIMITS);
  if (!parsed.ok) {
    const issue = parsed.issues[0];
    throw reportError(source, issue?.message ?? 'invalid JSON', issue?.position?.line);
  }
  const json = parsed.value.value;
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw reportError(source, 'an Istanbul report is an object of files', 1);
  const hits = new LineHits();
  for (const [key, value] of Object.entries(json)) {
    const data = value as Record<string, unknown> | null;
    if (
      data === null ||
      typeof data !== 'object' ||
      typeof data.statementMap !== 'object' ||
      typeof data.s !== 'object'
    ) {
      throw reportError(
        source,
        `${key}: not an Istanbul file coverage (a summary has no lines; use coverage-final.json)`,
        undefined,
        'not_line_coverage',
      );
    }
    const path = typeof data.path === 'string' && data.path !== '' ? data.path : key;
    let lines: Record<string, number>;
    try {
      lines = libCoverage.createFileCoverage(data as never).getLineCoverage() as Record<string, number>;
    } catch (e) {
      throw reportError(source, `${key}: ${(e as Error).message}`);
    }
    hits.touch(path);
    for (const [line, count] of Object.entries(lines)) {
      const n = Number(line);
      if (!Number.isInteger(n) || n < 1 || !Number.isFinite(count) || count < 0)
        throw reportError(source, `${key}: bad line ${line}`);
      hits.add(path, n, count);
    }
  }
  return { format: 'istanbul', sourceRoots: [], files: hits.files };
}
