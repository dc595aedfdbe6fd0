import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { classify } from '../classify/classify.js';
import { loadBlastRadiusPolicy } from '../classify/compile-policy.js';
import { buildPrepared, preparePolicy } from '../classify/prepare-policy.js';
import { sorted } from '../testing/glob-set-arbitraries.js';
import { arbitraryChange, arbitraryChangeFor, arbitraryPath } from '../testing/index.js';
import { propConfig } from '../testing/prop-config.js';
import { defaultBlastRadiusPolicy } from './compiled-default.js';
import { DEFAULT_POLICY_TEXTS } from './index.js';

// The default policy's GlobSet comes from its build-time snapshot (prepared-snapshot.ts); a
// policy loaded from the same text builds its own from the globs. Both must decide alike.
const fresh = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);

describe('the default policy, restored from its shipped snapshot', () => {
  test('matches every path to the same globs as the policy built from its YAML', () => {
    const restored = preparePolicy(defaultBlastRadiusPolicy()).globs.matcher();
    const built = buildPrepared(fresh).globs.matcher();
    fc.assert(
      // Paths the policy's own globs hit (and near-misses of them), and arbitrary ones.
      fc.property(arbitraryChangeFor(fresh), arbitraryPath(), (change, other) => {
        for (const path of [other, ...change.files.map((f) => f.path)])
          expect(sorted(restored.match(path))).toEqual(sorted(built.match(path)));
      }),
      propConfig(300),
    );
  });

  test('classifies every change as the policy built from its YAML does', () => {
    fc.assert(
      fc.property(fc.oneof(arbitraryChange(), arbitraryChangeFor(fresh)), (change) => {
        expect(classify(defaultBlastRadiusPolicy(), change)).toEqual(classify(fresh, change));
      }),
      propConfig(500),
    );
  });
});
