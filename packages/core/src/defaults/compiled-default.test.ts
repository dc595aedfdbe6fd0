import { describe, expect, test } from 'vitest';
import { loadBlastRadiusPolicy } from '../classify/compile-policy.js';
import { defaultBlastRadiusPolicy } from './compiled-default.js';
import { DEFAULT_POLICY_TEXTS } from './index.js';

describe('the precompiled default blast-radius policy', () => {
  test('is what compiling the embedded policies/blast-radius.yaml gives (else run scripts/precompile-default-policy.mjs)', () => {
    expect(defaultBlastRadiusPolicy()).toEqual(loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']));
  });
});
