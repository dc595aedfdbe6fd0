import { describe, expect, test } from 'vitest';
import { compileGlob } from './compile-glob.js';
import { GlobSet } from './glob-set.js';

// What a walk costs, counted in `GlobSet.steps` (one state stepping over one segment). The
// property tests show the memo and the dropped dead states answer as the plain walk does;
// these show they save the work they are there to save. For `src/**/*.ts` a path
// `src/a/b/x.ts` is 5 steps from the root: the root over `src`; `src` and its `**` over `a`;
// `**` over `b`; `**` over `x.ts`.

const SHARED_DIRS = ['src/a/b/x.ts', 'src/a/b/y.ts', 'src/a/c/z.ts'];

// The steps each path took, in order, checking it matched the glob `id` only.
function stepsPerPath(
  set: GlobSet,
  id: number,
  paths: readonly string[],
  options?: { memo?: boolean },
): number[] {
  const matcher = set.matcher(options);
  return paths.map((path) => {
    const before = set.steps;
    expect(matcher.match(path)).toEqual([id]);
    return set.steps - before;
  });
}

function setOf(...globs: Array<[string, boolean]>): GlobSet {
  const set = new GlobSet();
  for (const [id, [glob, ignoreCase]] of globs.entries()) set.add(id, compileGlob(glob, ignoreCase));
  return set;
}

describe('GlobSet: the work of a walk', () => {
  test('a matcher walks only the segments after the longest directory it has already walked', () => {
    expect(stepsPerPath(setOf(['src/**/*.ts', false]), 0, SHARED_DIRS)).toEqual([5, 1, 2]);
  });

  test('memo: false walks every path from the root', () => {
    expect(stepsPerPath(setOf(['src/**/*.ts', false]), 0, SHARED_DIRS, { memo: false })).toEqual([5, 5, 5]);
    expect(stepsPerPath(setOf(['src/**/*.ts', false]), 0, SHARED_DIRS, { memo: true })).toEqual([5, 1, 2]);
  });

  test('the lowercased trie of case-insensitive globs has a memo of its own', () => {
    // `SRC/**/*.TS` is in the lowercased trie, walked as above; the case-sensitive root (live
    // for `docs/*.md`) steps over `src` once per walk from the root, into no state.
    const set = () => setOf(['docs/*.md', false], ['SRC/**/*.TS', true]);
    expect(stepsPerPath(set(), 1, SHARED_DIRS)).toEqual([6, 1, 2]);
    expect(stepsPerPath(set(), 1, SHARED_DIRS, { memo: false })).toEqual([6, 6, 6]);
  });

  test('a set with no globs takes no step: its root cannot consume a segment', () => {
    const set = new GlobSet();
    const matcher = set.matcher();
    expect(matcher.match('a/b/c')).toEqual([]);
    expect(matcher.match('a')).toEqual([]);
    expect(set.steps).toBe(0);
  });

  test('a matcher refuses to match after a glob is added to its set', () => {
    const set = setOf(['*.ts', false]);
    const matcher = set.matcher();
    expect(matcher.match('a.ts')).toEqual([0]);
    set.add(1, compileGlob('*.md', false));
    expect(() => matcher.match('a.md')).toThrow('a glob was added after this matcher was made');
    expect(set.matcher().match('a.md')).toEqual([1]);
  });

  test('before the last segment a walk drops a state that cannot consume another segment', () => {
    // The root over `src`, then `src` over `a.ts`: its `*.ts` state is dropped, so `b.ts`
    // has no state to step.
    const set = setOf(['src/*.ts', false]);
    expect(set.matcher().match('src/a.ts/b.ts')).toEqual([]);
    expect(set.steps).toBe(2);
  });

  test('a state reached twice in one step is stepped once after it', () => {
    // `**/a/**` over `a/a/b`: 2 steps over the first `a` (the root, the first `**`), 3 over
    // the second (that `**`, `a`, the inner `**`, which its own loop and `a` both reach),
    // 3 over `b`.
    const set = setOf(['**/a/**', false]);
    expect(set.matcher().match('a/a/b')).toEqual([0]);
    expect(set.steps).toBe(8);
  });
});
