import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, test } from 'vitest';
import { arbitraryGlob, arbitraryPath } from '../../testing/index.js';
import { propConfig } from '../../testing/prop-config.js';
import { compileGlob } from './compile-glob.js';
import { GlobSet } from './glob-set.js';

const sorted = (ids: readonly number[]) => [...ids].sort((a, b) => a - b);

// Paths of one change share directories (the per-directory memo's hits): some drawn whole,
// some as a shared directory with another path's last segment.
const batch = fc.array(arbitraryPath(), { minLength: 1, maxLength: 8 }).chain((paths) =>
  fc.array(fc.tuple(fc.nat(paths.length - 1), fc.nat(paths.length - 1)), { maxLength: 8 }).map((pairs) => [
    ...paths,
    ...pairs.map(([a, b]) => {
      const dir = (paths[a] as string).split('/').slice(0, -1).join('/');
      const name = (paths[b] as string).split('/').pop() as string;
      return dir === '' ? name : `${dir}/${name}`;
    }),
  ]),
);

const globSet = fc.array(fc.tuple(arbitraryGlob(), fc.boolean()), { minLength: 1, maxLength: 12 });

describe('GlobSet', () => {
  test('matches a path exactly when the glob RE2 regex does, for many globs and paths at once', () => {
    fc.assert(
      fc.property(globSet, batch, (globs, paths) => {
        const set = new GlobSet();
        const regexes = globs.map(([glob, ignoreCase], id) => {
          const compiled = compileGlob(glob, ignoreCase);
          set.add(id, compiled);
          return RE2JS.compile(compiled.regex);
        });
        const matcher = set.matcher();
        for (const path of paths) {
          const expected = regexes.flatMap((re, id) => (re.matches(path) ? [id] : []));
          expect(sorted(matcher.match(path))).toEqual(expected);
          expect(sorted(set.match(path))).toEqual(expected);
        }
      }),
      propConfig(1000),
    );
  });

  test('the per-directory memo answers as walking every path from the root does', () => {
    fc.assert(
      fc.property(globSet, batch, (globs, paths) => {
        const set = new GlobSet();
        globs.forEach(([glob, ignoreCase], id) => {
          set.add(id, compileGlob(glob, ignoreCase));
        });
        const memo = set.matcher();
        const plain = set.matcher({ memo: false });
        for (const path of [...paths, ...paths])
          expect(sorted(memo.match(path))).toEqual(sorted(plain.match(path)));
      }),
      propConfig(1000),
    );
  });
});
