import { fail, ok, type Result } from '../issues.js';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits, utf8Length } from './limits.js';
import { checkTree } from './tree.js';
import type { ParsedDocument } from './yaml.js';

// Parses JSON with the same bounds and tree checks as YAML. JSON.parse keeps a "__proto__"
// key as an own property (it never sets the prototype); checkTree refuses it anyway.
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
  return issues.length > 0 ? fail(issues) : ok({ value, positions: new WeakMap() });
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
