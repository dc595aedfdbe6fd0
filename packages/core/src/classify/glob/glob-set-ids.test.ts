import { RE2JS } from 're2js';
import { describe, expect, test } from 'vitest';
import { compileGlob } from './compile-glob.js';
import { GlobSet } from './glob-set.js';
import { restoreGlobSet, snapshotGlobSet } from './glob-set-snapshot.js';

// More of what glob-set-each-once.test.ts pins: an id comes back once however large it is and
// however the set was made, also when one id's globs match by different means; and the
// lowercased trie is not used where toLowerCase folds what RE2 does not (the dotted capital
// I, U+0130, lowercases to two characters, `i` and a combining dot; RE2 folds it with nothing).

describe('GlobSet.match', () => {
  test('returns an id once whatever its size, also from a set restored from its snapshot', () => {
    const set = new GlobSet();
    set.add(40, compileGlob('{a,*}.ts', false));
    expect(set.match('a.ts')).toEqual([40]);
    const restored = restoreGlobSet(JSON.parse(JSON.stringify(snapshotGlobSet(set))));
    expect(restored.match('a.ts')).toEqual([40]);
    expect(restored.matcher().match('a.ts')).toEqual([40]);
  });

  test('returns an id once when globs added under it match by the trie and by the regex', () => {
    const set = new GlobSet();
    set.add(0, compileGlob('*B', true)); // ASCII, class-free: the lowercased trie
    set.add(0, compileGlob('[a]b', true)); // a class: its RE2 regex
    expect(set.match('AB')).toEqual([0]);
    expect(set.match('ab')).toEqual([0]);
  });

  test('a case-insensitive ASCII glob does not match a non-ASCII path that only toLowerCase folds onto it', () => {
    const set = new GlobSet();
    set.add(0, compileGlob('i?', true));
    const dottedI = '\u0130';
    expect(dottedI.toLowerCase()).toHaveLength(2);
    expect(RE2JS.compile(compileGlob('i?', true).regex).matches(dottedI)).toBe(false);
    expect(set.match(dottedI)).toEqual([]);
    expect(set.match('I\u0307')).toEqual([0]); // the two characters themselves
  });
});
