import { describe, expect, test } from 'vitest';
import { loadBlastRadiusPolicy } from '../classify/compile-policy.js';
import { buildPrepared } from '../classify/prepare-policy.js';
import { snapshotPrepared } from '../classify/prepared-snapshot.js';
import { DEFAULT_BLAST_RADIUS_PREPARED } from './blast-radius.prepared.generated.js';
import { defaultBlastRadiusPolicy } from './compiled-default.js';
import { DEFAULT_POLICY_TEXTS } from './index.js';

describe('the precompiled default blast-radius policy', () => {
  test('is what compiling the embedded policies/blast-radius.yaml gives (else run scripts/precompile-default-policy.mjs)', () => {
    expect(defaultBlastRadiusPolicy()).toEqual(loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']));
  });

  test('ships the GlobSet a fresh build of it gives (else run scripts/precompile-default-policy.mjs)', () => {
    const fresh = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
    expect(JSON.parse(DEFAULT_BLAST_RADIUS_PREPARED)).toEqual(snapshotPrepared(fresh, buildPrepared(fresh)));
  });
});
