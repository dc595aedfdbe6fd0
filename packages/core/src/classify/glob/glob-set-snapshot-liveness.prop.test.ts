import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { globSet } from '../../testing/glob-set-arbitraries.js';
import { propConfig } from '../../testing/prop-config.js';
import { compileGlob } from './compile-glob.js';
import { expanded, GlobSet, type State } from './glob-set.js';
import { restoreGlobSet, snapshotGlobSet } from './glob-set-snapshot.js';

// Whether a state is `live` (can consume another segment) only decides which states a walk
// keeps before the last segment: a dead state kept would cost time, not change a match, so
// the tests above cannot see it. Restored states must know it as the built ones do.
describe('the states of a restored GlobSet', () => {
  test("are live exactly where the built set's states are", () => {
    const liveness = (state: State): unknown => {
      const s = expanded(state);
      const children = (map: ReadonlyMap<string, State>) => [...map].map(([k, v]) => [k, liveness(v)]);
      return {
        live: s.live,
        literal: children(s.literal),
        suffix: children(s.suffix),
        prefix: children(s.prefix),
        wild: [...s.wild].map(([k, w]) => [k, liveness(w.next)]),
        any: s.anySegment === null ? null : liveness(s.anySegment),
        globstar: s.globstar === null ? null : liveness(s.globstar),
      };
    };
    fc.assert(
      fc.property(globSet, (globs) => {
        const original = new GlobSet();
        globs.forEach(([glob, ignoreCase], id) => {
          original.add(id, compileGlob(glob, ignoreCase));
        });
        const restored = restoreGlobSet(JSON.parse(JSON.stringify(snapshotGlobSet(original))));
        original.matcher(); // derives every state's `live`
        for (const root of ['root', 'foldedRoot'] as const)
          expect(liveness(restored.parts()[root])).toEqual(liveness(original.parts()[root]));
      }),
      propConfig(500),
    );
  });
});
