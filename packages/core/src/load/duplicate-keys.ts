import { type Issue, joinPointer } from '../issues.js';
import { pointerOf } from './frame-pointer.js';
import { lineColumn } from './line-column.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

// An open object or array, with its parent's frame (pointerOf builds its pointer only when a
// duplicate is found).
type Frame =
  | {
      readonly kind: 'object';
      readonly parent: Frame | undefined;
      readonly token: string | number;
      readonly keys: Set<string>;
      key: string;
    }
  | {
      readonly kind: 'array';
      readonly parent: Frame | undefined;
      readonly token: string | number;
      index: number;
    };

// JSON.parse keeps the last of two equal keys; another parser (Go's, a signer's) may keep the
// first, so `"taskId": "other", "taskId": "mine"` would mean two things to two readers. One
// iterative pass over text JSON.parse has already accepted finds every key that repeats in
// its object, comparing keys after unescaping (`"task\u0049d"` is `taskId`).
export function duplicateKeys(text: string): Issue[] {
  const issues: Issue[] = [];
  const stack: Frame[] = [];
  let expectKey = false;
  // Where a container opened at the current position sits in its parent.
  const tokenInTop = (): string | number => {
    const top = stack.at(-1);
    if (top === undefined) return '';
    return top.kind === 'object' ? top.key : top.index;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i + 1);
      const top = stack.at(-1);
      if (expectKey && top?.kind === 'object') {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.keys.has(key))
          issues.push({
            code: 'duplicate_key',
            path: joinPointer(pointerOf(top), key),
            message: `the key "${key}" appears more than once in its object`,
            position: lineColumn(text, i),
          });
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = end;
    } else if (c === OPEN_BRACE) {
      stack.push({ kind: 'object', parent: stack.at(-1), token: tokenInTop(), keys: new Set(), key: '' });
      expectKey = true;
    } else if (c === OPEN_BRACKET) {
      stack.push({ kind: 'array', parent: stack.at(-1), token: tokenInTop(), index: 0 });
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      stack.pop();
    } else if (c === COMMA) {
      const top = stack.at(-1);
      if (top?.kind === 'object') expectKey = true;
      else if (top?.kind === 'array') top.index++;
    }
  }
  return issues;
}

// The offset of the quote that closes a string whose body starts at `from`: the next quote
// preceded by an even number of backslashes.
function closingQuote(text: string, from: number): number {
  let at = text.indexOf('"', from);
  while (at !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return text.length;
}
