import fc from 'fast-check';
import { arbitraryGlob, arbitraryPath } from './index.js';

// The GlobSet property tests' inputs (not exported from the testing entry): sets of globs, and batches of paths like one change's.

/** Glob ids in ascending order, to compare match results. */
export const sorted = (ids: readonly number[]) => [...ids].sort((a, b) => a - b);

// Paths of one change share directories (the per-directory memo's hits): some drawn whole,
// some as a shared directory with another path's last segment.
export const batch = fc.array(arbitraryPath(), { minLength: 1, maxLength: 8 }).chain((paths) =>
  fc.array(fc.tuple(fc.nat(paths.length - 1), fc.nat(paths.length - 1)), { maxLength: 8 }).map((pairs) => [
    ...paths,
    ...pairs.map(([a, b]) => {
      const dir = (paths[a] as string).split('/').slice(0, -1).join('/');
      const name = (paths[b] as string).split('/').pop() as string;
      return dir === '' ? name : `${dir}/${name}`;
    }),
  ]),
);

export const globSet = fc.array(fc.tuple(arbitraryGlob(), fc.boolean()), { minLength: 1, maxLength: 12 });

// A path as GlobSet.match may be handed one by a caller that did not normalise it: its
// segments may be empty (`a//b`, `/a`, `a/`), and a non-ASCII one may lowercase to more
// characters (U+0130).
export const unnormalisedPath = fc
  .array(fc.constantFrom('', 'a', 'b', 'src', 'a.ts', 'x.md', '.env', '\u0130'), {
    minLength: 1,
    maxLength: 5,
  })
  .map((segments) => segments.join('/'));
