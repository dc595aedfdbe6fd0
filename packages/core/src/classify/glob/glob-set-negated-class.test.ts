import { RE2JS } from 're2js';
import { describe, expect, test } from 'vitest';
import { compileGlob } from './compile-glob.js';
import { GlobSet } from './glob-set.js';

// Why a case-insensitive glob with a class stays out of the lowercased trie: lowercasing the
// path does not fold a class. `(?i)[^A]` leaves out `a` as well as `A`; the class `[!A]`
// tested on a lowercased path would let `a` through.

describe('GlobSet: a case-insensitive negated class', () => {
  test.each([
    ['[!A]x', 'ax', false],
    ['[!A]x', 'Ax', false],
    ['[!A]x', 'bx', true],
    ['[!a]x', 'AX', false],
    ['y/[!A]', 'Y/a', false],
  ])('%s against %s: %s', (glob, path, hit) => {
    const compiled = compileGlob(glob, true);
    expect(RE2JS.compile(compiled.regex).matches(path)).toBe(hit);
    const set = new GlobSet();
    set.add(0, compiled);
    expect(set.match(path)).toEqual(hit ? [0] : []);
  });
});
