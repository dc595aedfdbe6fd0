import { describe, expect, test } from 'vitest';
import { compileGlob } from './compile-glob.js';
import { GlobSet } from './glob-set.js';

// A matcher remembers the states of the set as it was when made. A glob added since is
// reached through none of them, so a stale matcher could miss it: it refuses instead, also
// after a newer matcher has sealed the set again.

describe('GlobSet: a matcher made before an add', () => {
  test('refuses to match, even once a newer matcher has sealed the set again', () => {
    const set = new GlobSet();
    set.add(0, compileGlob('src/*.ts', false));
    const stale = set.matcher();
    expect(stale.match('src/a.ts')).toEqual([0]);
    set.add(1, compileGlob('src/b*', false));
    const fresh = set.matcher();
    expect(fresh.match('src/b.ts').sort()).toEqual([0, 1]);
    expect(() => stale.match('src/b.ts')).toThrow('a glob was added after this matcher was made');
  });
});
