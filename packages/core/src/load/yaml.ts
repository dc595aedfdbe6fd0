import yaml from 'js-yaml';
import type { Issue, Result, SourcePosition } from '../issues.js';
import { fail, ok } from '../issues.js';
import { byteOrderMark } from './byte-order-mark.js';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits, utf8Length } from './limits.js';
import { DocumentPositions, lineIndex, rememberPositions } from './positions.js';
import { checkTree } from './tree.js';

export interface ParsedDocument {
  readonly value: unknown;
  /**
   * Start position of every mapping and sequence, for pointing issues at lines (a
   * DocumentPositions, which also holds where each member's value starts).
   */
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
  const positions = new DocumentPositions();
  const at = lineIndex(text);
  // One frame per node js-yaml composes (keys too): a mapping's frames alternate key, value.
  const frames: Frame[] = [];
  let value: unknown;
  try {
    value = yaml.load(text, {
      schema: yaml.CORE_SCHEMA,
      json: false,
      // @ts-expect-error maxDepth exists in js-yaml 4.3 but not in @types/js-yaml 4.0.9
      maxDepth: limits.maxDepth,
      listener(this: unknown, event: 'open' | 'close', state: ListenerState) {
        if (event === 'open') {
          frames.push({
            start: state.position,
            position: { line: state.line + 1, column: state.position - state.lineStart + 1 },
            children: [],
          });
          return;
        }
        const frame = frames.pop();
        if (!frame) return;
        const result = state.result;
        if (result !== null && typeof result === 'object') {
          if (!positions.has(result)) positions.set(result, frame.position);
          const members = frame.children;
          if (Array.isArray(result))
            members.forEach((m, i) => {
              positions.setChild(result, String(i), at(valueStart(text, m.start)));
            });
          else
            for (let k = 0; k + 1 < members.length; k += 2)
              positions.setChild(
                result,
                String((members[k] as Member).result),
                at(valueStart(text, (members[k + 1] as Member).start)),
              );
        }
        frames.at(-1)?.children.push({ result, start: frame.start });
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
  if (treeIssues.length > 0) return fail(treeIssues);
  rememberPositions(value, positions);
  return ok({ value, positions });
}

interface Member {
  readonly result: unknown;
  readonly start: number;
}

interface Frame {
  readonly start: number;
  readonly position: SourcePosition;
  readonly children: Member[];
}

// js-yaml opens a value where its key's colon (or the sequence's dash) ends: the value starts
// after the spaces, line breaks and comments that follow.
function valueStart(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
    else break;
  }
  return i;
}
