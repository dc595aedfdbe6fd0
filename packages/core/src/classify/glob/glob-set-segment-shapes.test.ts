import { describe, expect, test } from 'vitest';
import { compileGlob } from './compile-glob.js';
import { GlobSet } from './glob-set.js';

// A segment of two tokens is a suffix lookup only as `*lit` and a prefix lookup only as
// `lit*`; `lit?`, `?lit`, `lit[..]` and the like are wildcard segments, tested by their regex.
// And a case-insensitive glob with a non-ASCII letter is answered by its regex, not by the
// lowercased trie: RE2 folds the long s (U+017F) with `s` and `S`, toLowerCase does not.

describe('GlobSet: the shape of a segment', () => {
  test.each([
    ['a?', 'ab', true],
    ['a?', 'abc', false],
    ['a?', 'a', false],
    ['?a', 'ba', true],
    ['?a', 'bba', false],
    ['a[bc]', 'ab', true],
    ['a[bc]', 'abc', false],
    ['*a', 'bba', true],
    ['a*', 'abb', true],
  ])('%s against %s: %s', (glob, path, hit) => {
    for (const ignoreCase of [false, true]) {
      const set = new GlobSet();
      set.add(0, compileGlob(glob, ignoreCase));
      expect(set.match(path)).toEqual(hit ? [0] : []);
    }
  });

  test('a case-insensitive glob with a non-ASCII letter matches the ASCII letters RE2 folds it with', () => {
    const set = new GlobSet();
    set.add(0, compileGlob('\u017f.txt', true));
    expect(set.match('S.TXT')).toEqual([0]);
    expect(set.match('s.txt')).toEqual([0]);
    expect(set.match('t.txt')).toEqual([]);
  });
});
