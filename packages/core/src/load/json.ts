import { fail, ok, type Result } from '../issues.js';
import { byteOrderMark } from './byte-order-mark.js';
import { duplicateKeys } from './duplicate-keys.js';
import { scanJsonPositions } from './json-positions.js';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits, utf8Length } from './limits.js';
import { lineColumn } from './line-column.js';
import { DocumentPositions, rememberPositions } from './positions.js';
import { checkTree } from './tree.js';
import type { ParsedDocument } from './yaml.js';

// The one strict JSON reader for every input that decides (changes, events, tasks, review
// inputs, signed statements and predicates): the same bounds and tree checks as YAML (size,
// nodes, nesting depth), no byte-order mark, no duplicate keys, every issue with its line,
// column and JSON pointer (positions of every value, for the issues validation finds later). JSON.parse keeps a "__proto__" key as an own property (it never
// sets the prototype); checkTree refuses it anyway.
export function parseJson(
  text: string,
  limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
): Result<ParsedDocument> {
  const size = utf8Length(text);
  if (size > limits.maxBytes) {
    return fail([
      {
        code: 'too_large',
        path: '',
        message: `document is ${size} bytes, more than the ${limits.maxBytes} allowed`,
      },
    ]);
  }
  const bom = byteOrderMark(text);
  if (bom.length > 0) return fail(bom);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    const position = at ? lineColumn(text, Number(at[1])) : undefined;
    return fail([
      { code: 'syntax', path: '', message: `invalid JSON: ${message}`, ...(position ? { position } : {}) },
    ]);
  }
  const issues = checkTree(value, limits, 'JSON');
  // The depth bound comes first: the key scan is iterative, but a document refused for its
  // depth need not be scanned.
  if (!issues.some((i) => i.code === 'too_deep')) issues.push(...duplicateKeys(text));
  if (issues.length > 0) return fail(issues);
  // Recorded when an issue first asks for a line (validation of a valid change never does).
  const positions = DocumentPositions.deferred((into) => scanJsonPositions(text, value, into));
  rememberPositions(value, positions);
  return ok({ value, positions });
}
