import { describe, expect, test } from 'vitest';
import { classEnd } from './expand-braces.js';

// classEnd finds where a `[...]` class closes for both brace expansion and segment splitting:
// a `]` first in the class (after `!` or `^`) is a member, a backslash escapes the next
// character, and a class that never closes is refused at its own offset.

describe('the "]" that closes a class', () => {
  test.each([
    ['[ab]', 0, 3],
    ['x/[ab]/y', 2, 5],
    ['[]]', 0, 2],
    ['[!]]', 0, 3],
    ['[^]a]', 0, 4],
    ['[\\]]', 0, 3],
    ['[a\\]b]', 0, 5],
    ['[\\\\]]', 0, 3],
    ['[ab]]', 0, 3],
  ])('in %j, the class opening at %i closes at %i', (glob, open, close) => {
    expect(classEnd(glob, open)).toBe(close);
  });
});

describe('a class that never closes is refused at its own offset', () => {
  test.each([
    ['[ab', 0],
    ['x[ab', 1],
    ['[]', 0],
    ['[!]', 0],
    ['[\\]', 0],
    ['[a\\', 0],
    ['a/[b\\]c', 2],
  ])('%j, opening at %i', (glob, open) => {
    expect(() => classEnd(glob, open)).toThrow(`unclosed "[" at offset ${open}`);
  });
});
