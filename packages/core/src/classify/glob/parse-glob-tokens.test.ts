import { describe, expect, test } from 'vitest';
import { GlobSyntaxError } from './glob-error.js';
import type { GlobToken } from './glob-syntax.types.js';
import { parseGlob } from './parse-glob.js';

// The tokens parseGlob makes of one segment, for the characters whose meaning depends on where
// they stand: `**` inside a segment, `-` and `]` inside a class, and the characters a
// brace-free glob may not hold unescaped (parseGlob is exported: a caller may skip expandBraces).

function tokensOf(glob: string): readonly GlobToken[] {
  const [segment, ...rest] = parseGlob(glob);
  expect(rest).toEqual([]);
  if (segment?.kind !== 'pattern') throw new Error(`${glob} is not one segment pattern`);
  return segment.tokens;
}

const cp = (c: string) => c.codePointAt(0) as number;
const one = (c: string) => ({ from: cp(c), to: cp(c) });

describe('the tokens of one segment', () => {
  test('"**" inside a segment is one star', () => {
    expect(tokensOf('a**b')).toEqual([
      { kind: 'literal', text: 'a' },
      { kind: 'star' },
      { kind: 'literal', text: 'b' },
    ]);
  });

  test('a "]" first in a class is a member', () => {
    expect(tokensOf('[]a]')).toEqual([{ kind: 'class', negated: false, ranges: [one(']'), one('a')] }]);
    expect(tokensOf('[!]]')).toEqual([{ kind: 'class', negated: true, ranges: [one(']')] }]);
  });

  test('a "-" before the closing "]" is a member, not a range', () => {
    expect(tokensOf('[a-]')).toEqual([{ kind: 'class', negated: false, ranges: [one('a'), one('-')] }]);
    expect(tokensOf('x[ab-]')).toEqual([
      { kind: 'literal', text: 'x' },
      { kind: 'class', negated: false, ranges: [one('a'), one('b'), one('-')] },
    ]);
  });
});

describe('characters a brace-free glob may not hold unescaped', () => {
  test.each([
    ['a{b', 'unescaped "{"'],
    ['a}b', 'unescaped "}"'],
    ['a]b', 'unescaped "]"'],
    ['a\\/b', '"\\/" is not allowed: "/" always separates segments'],
  ])('%j: %s', (glob, reason) => {
    expect(() => parseGlob(glob)).toThrow(new GlobSyntaxError(reason));
  });
});
