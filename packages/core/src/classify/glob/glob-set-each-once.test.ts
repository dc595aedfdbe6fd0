import { RE2JS } from 're2js';
import { describe, expect, test } from 'vitest';
import { compileGlob } from './compile-glob.js';
import { GlobSet } from './glob-set.js';

// Two promises of GlobSet.match that set-valued property tests do not see: each matching id
// comes back once, even when several expansions of one glob match the path; and a
// case-insensitive glob folds as RE2 does, also where a non-ASCII path folds onto ASCII (the
// long s, U+017F, is an `s` to RE2's (?i) but not to JavaScript's toLowerCase).

describe('GlobSet.match', () => {
  test('returns an id once when two expansions of its glob match the path', () => {
    const set = new GlobSet();
    set.add(0, compileGlob('{a,*}.ts', false));
    set.add(1, compileGlob('{src/**,**/x}/*.ts', false));
    expect(set.match('a.ts')).toEqual([0]);
    expect(set.match('src/x/b.ts')).toEqual([1]);
  });

  test('returns a case-insensitive id once when two expansions match', () => {
    const set = new GlobSet();
    set.add(0, compileGlob('{A,*}.TS', true));
    expect(set.match('a.ts')).toEqual([0]);
  });

  test('a case-insensitive ASCII glob matches a path whose non-ASCII letter RE2 folds onto it', () => {
    const set = new GlobSet();
    set.add(0, compileGlob('s.txt', true));
    const longS = '\u017f.txt';
    expect(RE2JS.compile(compileGlob('s.txt', true).regex).matches(longS)).toBe(true);
    expect(set.match(longS)).toEqual([0]);
    expect(set.match('S.TXT')).toEqual([0]);
    expect(set.match('t.txt')).toEqual([]);
  });
});
