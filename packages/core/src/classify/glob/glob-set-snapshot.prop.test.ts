import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { batch, globSet, sorted } from '../../testing/glob-set-arbitraries.js';
import { arbitraryGlob } from '../../testing/index.js';
import { propConfig } from '../../testing/prop-config.js';
import { compileGlob } from './compile-glob.js';
import { GlobSet } from './glob-set.js';
import { restoreGlobSet, snapshotGlobSet } from './glob-set-snapshot.js';

function built(globs: readonly (readonly [string, boolean])[]): GlobSet {
  const set = new GlobSet();
  globs.forEach(([glob, ignoreCase], id) => {
    set.add(id, compileGlob(glob, ignoreCase));
  });
  return set;
}

/** Through JSON text, as the default policy's snapshot ships. */
const roundTrip = (set: GlobSet) => restoreGlobSet(JSON.parse(JSON.stringify(snapshotGlobSet(set))));

describe('a GlobSet restored from its snapshot', () => {
  test('matches every path exactly as the set it was taken of', () => {
    fc.assert(
      fc.property(globSet, batch, fc.boolean(), (globs, paths, memo) => {
        const original = built(globs).matcher({ memo });
        const restored = roundTrip(built(globs)).matcher({ memo });
        for (const path of [...paths, ...paths])
          expect(sorted(restored.match(path))).toEqual(sorted(original.match(path)));
      }),
      propConfig(1000),
    );
  });

  test('gives the same snapshot again, whether or not it has matched (its lazy states are written out whole)', () => {
    fc.assert(
      fc.property(globSet, batch, (globs, paths) => {
        const snapshot = snapshotGlobSet(built(globs));
        const restored = restoreGlobSet(snapshot);
        const matcher = restored.matcher();
        for (const path of paths.slice(0, 2)) matcher.match(path);
        expect(snapshotGlobSet(restored)).toEqual(snapshot);
      }),
      propConfig(300),
    );
  });

  test('takes more globs as the built set does (adding expands the restored states it passes)', () => {
    fc.assert(
      fc.property(globSet, globSet, batch, fc.boolean(), (first, more, paths, matchBetween) => {
        const original = built(first);
        const restored = roundTrip(built(first));
        if (matchBetween) for (const path of paths) restored.match(path);
        more.forEach(([glob, ignoreCase], i) => {
          original.add(first.length + i, compileGlob(glob, ignoreCase));
          restored.add(first.length + i, compileGlob(glob, ignoreCase));
        });
        for (const path of paths) expect(sorted(restored.match(path))).toEqual(sorted(original.match(path)));
      }),
      propConfig(500),
    );
  });

  test('keeps a segment named like an Object property (`__proto__`, `constructor`) a plain literal', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'),
        arbitraryGlob(),
        (name, other) => {
          const globs: [string, boolean][] = [
            [`${name}/**`, false],
            [`**/${name}`, false],
            [`*${name}`, true],
            [other, false],
          ];
          const restored = roundTrip(built(globs));
          const original = built(globs);
          for (const path of [name, `${name}/x`, `a/${name}`, `a${name}`, 'x'])
            expect(sorted(restored.match(path))).toEqual(sorted(original.match(path)));
          expect(restored.match(`a/${name}`)).toContain(1);
        },
      ),
      propConfig(100),
    );
  });
});
