import yaml from 'js-yaml';
import type { Issue, Result, SourcePosition } from '../issues.js';
import { fail, ok } from '../issues.js';
import { byteOrderMark } from './byte-order-mark.js';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits, utf8Length } from './limits.js';
import { checkTree } from './tree.js';

export interface ParsedDocument {
  readonly value: unknown;
  /** Start position of every mapping and sequence, for pointing issues at lines. */
  readonly positions: WeakMap<object, SourcePosition>;
}

interface ListenerState {
  readonly line: number;
  readonly position: number;
  readonly lineStart: number;
  readonly result: unknown;
}

// Parses YAML with the YAML 1.2 core schema only: no custom tags, no JS types, no
// timestamps turned into Dates, and `yes`/`no` stay strings. The text is untrusted: size and
// nesting are bounded, and an alias to a mapping or sequence is refused (anchors are never
// needed in a policy file, and shared nodes are how alias bombs explode downstream).
export function parseYaml(
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
  const positions = new WeakMap<object, SourcePosition>();
  const open: SourcePosition[] = [];
  let value: unknown;
  try {
    value = yaml.load(text, {
      schema: yaml.CORE_SCHEMA,
      json: false,
      // @ts-expect-error maxDepth exists in js-yaml 4.3 but not in @types/js-yaml 4.0.9
      maxDepth: limits.maxDepth,
      listener(this: unknown, event: 'open' | 'close', state: ListenerState) {
        if (event === 'open') {
          open.push({ line: state.line + 1, column: state.position - state.lineStart + 1 });
          return;
        }
        const start = open.pop();
        if (
          start &&
          state.result !== null &&
          typeof state.result === 'object' &&
          !positions.has(state.result)
        ) {
          positions.set(state.result, start);
        }
      },
    });
  } catch (e) {
    const err = e as { reason?: string; message?: string; mark?: { line: number; column: number } };
    const issue: Issue = {
      code: 'syntax',
      path: '',
      message: `invalid YAML: ${err.reason ?? err.message ?? String(e)}`,
      ...(err.mark ? { position: { line: err.mark.line + 1, column: err.mark.column + 1 } } : {}),
    };
    return fail([issue]);
  }
  const treeIssues = checkTree(value, limits, 'YAML');
  return treeIssues.length > 0 ? fail(treeIssues) : ok({ value, positions });
}
