import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, test } from 'vitest';
import { globSet, sorted, unnormalisedPath } from '../../testing/glob-set-arbitraries.js';
import { propConfig } from '../../testing/prop-config.js';
import { compileGlob } from './compile-glob.js';
import { GlobSet } from './glob-set.js';

// GlobSet.match is exported: a caller may hand it a path it did not normalise. It then reads
// the path as the glob's regex does (`/a` has an empty first segment, which `*` matches and
// a literal does not), rather than skipping or merging segments.

describe('GlobSet', () => {
  test('answers as the regexes also for a path that is not normalised (empty segments, a leading or trailing slash)', () => {
    fc.assert(
      fc.property(globSet, fc.array(unnormalisedPath, { minLength: 1, maxLength: 6 }), (globs, paths) => {
        const set = new GlobSet();
        const regexes = globs.map(([glob, ignoreCase], id) => {
          const compiled = compileGlob(glob, ignoreCase);
          set.add(id, compiled);
          return RE2JS.compile(compiled.regex);
        });
        const matcher = set.matcher();
        for (const path of paths)
          expect(sorted(matcher.match(path))).toEqual(
            regexes.flatMap((re, id) => (re.matches(path) ? [id] : [])),
          );
      }),
      propConfig(500),
    );
  });

  test.each([
    ['a/*', '/a/b', false],
    ['*/a/b', '/a/b', true],
    ['a/*/c', 'a//c', true],
    ['a/b', 'a//b', false],
    ['a/*', 'a/', true],
  ])('%s against %s: %s', (glob, path, hit) => {
    const set = new GlobSet();
    set.add(0, compileGlob(glob, false));
    expect(RE2JS.compile(compileGlob(glob, false).regex).matches(path)).toBe(hit);
    expect(set.match(path)).toEqual(hit ? [0] : []);
  });
});
