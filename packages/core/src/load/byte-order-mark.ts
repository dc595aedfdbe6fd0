import type { Issue } from '../issues.js';

// A byte-order mark is invisible: one reader strips it, another keeps it as part of the
// first key or value. Every input that decides something is refused with one, never
// silently stripped.
export function byteOrderMark(text: string): Issue[] {
  return text.charCodeAt(0) === 0xfeff
    ? [
        {
          code: 'byte_order_mark',
          path: '',
          message: 'the text starts with a byte-order mark; save it as UTF-8 without one',
          position: { line: 1, column: 1 },
        },
      ]
    : [];
}
