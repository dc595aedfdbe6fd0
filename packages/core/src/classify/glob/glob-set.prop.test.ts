import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, test } from 'vitest';
import { batch, globSet, sorted } from '../../testing/glob-set-arbitraries.js';
import { propConfig } from '../../testing/prop-config.js';
import { compileGlob } from './compile-glob.js';
import { GlobSet } from './glob-set.js';

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
