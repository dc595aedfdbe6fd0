import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, test } from 'vitest';
import { compileGlob } from '../classify/glob/compile-glob.js';
import { normalisePath } from '../classify/normalise-path.js';
import { arbitraryHitFor, arbitraryMissFor, arbitraryPathFor, globMatcher } from './path-for-glob.js';
import { arbitraryGlob } from './policy-arbitraries.js';
import { propConfig } from './prop-config.js';

// The user-glob arbitraries keep their word: a hit is matched by both real matchers (the
// TypeScript GlobSet and the RE2 regex the Rego engine runs), a miss by neither, and a miss
// is narrow: one segment changed, added or dropped from a hit.

const USER_GLOBS = [
  'services/billing/**',
  '**/*.sql',
  'db/migrations/*.{sql,py}',
  'src/**/auth/*.ts',
  '.github/workflows/*.{yml,yaml}',
  'pages/\\[id\\].tsx',
  'infra/[a-c]*/main.tf',
  'lib/[!_]*.go',
  '**/Dockerfile',
];

function bothMatch(glob: string, ignoreCase: boolean): (path: string) => [boolean, boolean] {
  const ts = globMatcher(glob, ignoreCase);
  const re = RE2JS.compile(compileGlob(glob, ignoreCase).regex);
  return (path) => [ts(path), re.matches(path)];
}

/** At most one segment differs, or one was added or dropped. */
function oneSegmentApart(a: string, b: string): boolean {
  const x = a.split('/');
  const y = b.split('/');
  if (x.length === y.length) return x.filter((s, i) => s !== y[i]).length <= 1;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  if (long.length - short.length !== 1) return false;
  return long.some((_, i) => [...long.slice(0, i), ...long.slice(i + 1)].join('/') === short.join('/'));
}

describe.each(USER_GLOBS.flatMap((g) => [[g, false] as const, [g, true] as const]))(
  'arbitraryPathFor(%j), ignoreCase %s',
  (glob, ignoreCase) => {
    const matches = bothMatch(glob, ignoreCase);

    test('hits match and are normalised paths', () => {
      fc.assert(
        fc.property(arbitraryHitFor(glob, { ignoreCase }), (path) => {
          expect(matches(path)).toEqual([true, true]);
          expect(normalisePath(path)).toEqual({ ok: true, path });
        }),
        propConfig(300),
      );
    });

    test('misses match neither matcher and are one segment from a hit', () => {
      fc.assert(
        fc.property(arbitraryMissFor(glob, { ignoreCase }), (miss) => {
          expect(miss.hits).toBe(false);
          expect(matches(miss.path)).toEqual([false, false]);
          expect(matches(miss.from as string)).toEqual([true, true]);
          expect(oneSegmentApart(miss.path, miss.from as string)).toBe(true);
        }),
        propConfig(300),
      );
    });

    test('the mix labels each path truthfully and holds both kinds', () => {
      const seen = { hit: 0, miss: 0 };
      fc.assert(
        fc.property(arbitraryPathFor(glob, { ignoreCase }), (c) => {
          expect(matches(c.path)).toEqual([c.hits, c.hits]);
          seen[c.hits ? 'hit' : 'miss']++;
        }),
        propConfig(200),
      );
      expect(seen.hit).toBeGreaterThan(0);
      expect(seen.miss).toBeGreaterThan(0);
    });
  },
);

test('random globs: every labelled path is what both matchers say', () => {
  fc.assert(
    fc.property(
      arbitraryGlob().chain((glob) =>
        fc.tuple(fc.constant(glob), fc.boolean()).chain(([g, ic]) => {
          try {
            return fc.tuple(fc.constant(g), fc.constant(ic), arbitraryPathFor(g, { ignoreCase: ic }));
          } catch {
            // A random glob may match no normalised path at all (nothing to test for it).
            return fc.constant(undefined);
          }
        }),
      ),
      (t) => {
        if (t === undefined) return;
        const [glob, ignoreCase, c] = t;
        expect(bothMatch(glob, ignoreCase)(c.path)).toEqual([c.hits, c.hits]);
      },
    ),
    propConfig(500),
  );
});

test('a glob that matches every path has no miss: arbitraryMissFor says so, arbitraryPathFor gives hits', () => {
  expect(() => arbitraryMissFor('**')).toThrow(/no narrow miss/);
  for (const c of fc.sample(arbitraryPathFor('**'), { numRuns: 20, seed: 1 })) expect(c.hits).toBe(true);
});
