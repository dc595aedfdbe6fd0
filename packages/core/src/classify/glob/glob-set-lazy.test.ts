import { describe, expect, test } from 'vitest';
import { compileGlob } from './compile-glob.js';
import { GlobSet } from './glob-set.js';
import { restoreGlobSet, snapshotGlobSet } from './glob-set-snapshot.js';

// What a GlobSet leaves undone until a match needs it, which is most of a cold start: a
// case-insensitive glob's RE2 regex is compiled when a path is first tested against it (never,
// for a simple one, while paths are ASCII), and a restored set builds a state's edges when a
// walk first enters it.

describe('GlobSet: work left until a match needs it', () => {
  test('a case-insensitive regex is compiled on first use, and a simple one not for ASCII paths', () => {
    const set = new GlobSet();
    set.add(0, compileGlob('*.TS', true)); // simple: the lowercased trie answers ASCII paths
    set.add(1, compileGlob('[a]*.TS', true)); // a class: always its regex
    const [simple, withClass] = set.parts().folded;
    expect([simple?.re, withClass?.re]).toEqual([null, null]);
    expect(set.match('a.ts')).toEqual([0, 1]);
    expect(set.match('b.md')).toEqual([]);
    expect(simple?.re).toBeNull();
    expect(withClass?.re).not.toBeNull();
    expect(set.match('\u00e9.ts')).toEqual([0]);
    expect(simple?.re).not.toBeNull();
  });

  test('a restored set expands only the states a walk enters', () => {
    const built = new GlobSet();
    built.add(0, compileGlob('a/x.ts', false));
    built.add(1, compileGlob('b/y.ts', false));
    const restored = restoreGlobSet(JSON.parse(JSON.stringify(snapshotGlobSet(built))));
    expect(restored.parts().root.expand).not.toBeNull();
    expect(restored.match('a/x.ts')).toEqual([0]);
    const root = restored.parts().root;
    expect(root.expand).toBeNull();
    expect(root.literal.get('a')?.expand).toBeNull();
    expect(root.literal.get('b')?.expand).not.toBeNull();
    expect(restored.match('b/y.ts')).toEqual([1]);
    expect(root.literal.get('b')?.expand).toBeNull();
  });
});
