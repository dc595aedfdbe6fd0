import { describe, expect, test } from 'vitest';
import { expandBraces, MAX_BRACE_EXPANSIONS } from './expand-braces.js';
import { GlobSyntaxError } from './glob-error.js';

// expandBraces on its own: what each brace-free glob is, in order, before any segment is
// parsed (the matcher tests see only whether a path matches, never the expansions).

describe('expandBraces', () => {
  test.each([
    ['docs/**', ['docs/**']],
    ['{a,b}', ['a', 'b']],
    ['x{a,b}y{1,2}', ['xay1', 'xay2', 'xby1', 'xby2']],
    ['{a,{b,c}d}.ts', ['a.ts', 'bd.ts', 'cd.ts']],
    ['{src/auth,lib}/**', ['src/auth/**', 'lib/**']],
    ['{,a}b', ['b', 'ab']],
    ['{a}', ['a']],
    // Outside braces a comma is an ordinary character.
    ['a,b', ['a,b']],
  ])('expands %j to %j', (glob, expansions) => {
    expect(expandBraces(glob)).toEqual(expansions);
  });

  test('gives each expansion once, where it first occurs', () => {
    expect(expandBraces('{a,a}')).toEqual(['a']);
    expect(expandBraces('{a,b,a}{c,c}')).toEqual(['ac', 'bc']);
  });

  test('keeps an escaped character with its backslash, braces and commas included', () => {
    expect(expandBraces('a\\{b,c\\}')).toEqual(['a\\{b,c\\}']);
    expect(expandBraces('{a\\,b,c}')).toEqual(['a\\,b', 'c']);
    expect(expandBraces('{a\\}b,c}')).toEqual(['a\\}b', 'c']);
  });

  test.each([
    ['{[,}],a}', ['[,}]', 'a']],
    // A `]` first in a class, after `!` or `^` or not, is a member, not its end.
    ['{[]],a}', ['[]]', 'a']],
    ['{[!],x],a}', ['[!],x]', 'a']],
    ['{[^],x],a}', ['[^],x]', 'a']],
    ['{[\\],x],a}', ['[\\],x]', 'a']],
  ])('leaves the inside of a class alone: %j expands to %j', (glob, expansions) => {
    expect(expandBraces(glob)).toEqual(expansions);
  });

  test(`expands to at most ${MAX_BRACE_EXPANSIONS} globs`, () => {
    const pairs = (n: number) => '{a,b}'.repeat(n);
    expect(expandBraces(pairs(8))).toHaveLength(MAX_BRACE_EXPANSIONS);
    expect(() => expandBraces(pairs(9))).toThrow(GlobSyntaxError);
    expect(() =>
      expandBraces(`{${Array.from({ length: MAX_BRACE_EXPANSIONS + 1 }, (_, i) => i).join(',')}}`),
    ).toThrow(GlobSyntaxError);
  });

  test.each([
    ['{a,b'],
    ['{a,{b}'],
    ['{'],
    ['a}'],
    ['}'],
    ['a\\'],
    ['{a\\'],
    ['[ab'],
    ['{[a,b}'],
    ['[!'],
    ['[]'],
  ])('refuses %j', (glob) => {
    expect(() => expandBraces(glob)).toThrow(GlobSyntaxError);
  });
});
