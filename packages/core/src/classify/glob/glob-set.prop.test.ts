import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, test } from 'vitest';
import { arbitraryGlob, arbitraryPath } from '../../testing/index.js';
import { propConfig } from '../../testing/prop-config.js';
import { compileGlob } from './compile-glob.js';
import { GlobSet } from './glob-set.js';

describe('GlobSet', () => {
  test('matches a path exactly when the glob RE2 regex does, for many globs at once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(arbitraryGlob(), fc.boolean()), { minLength: 1, maxLength: 12 }),
        fc.array(arbitraryPath(), { minLength: 1, maxLength: 8 }),
        (globs, paths) => {
          const set = new GlobSet();
          const regexes = globs.map(([glob, ignoreCase], id) => {
            const compiled = compileGlob(glob, ignoreCase);
            set.add(id, compiled);
            return RE2JS.compile(compiled.regex);
          });
          for (const path of paths) {
            const expected = regexes.flatMap((re, id) => (re.matches(path) ? [id] : []));
            expect(set.match(path).sort((a, b) => a - b)).toEqual(expected);
          }
        },
      ),
      propConfig(1000),
    );
  });
});
