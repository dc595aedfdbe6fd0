import { describe, expect, test } from 'vitest';
import { AttestError } from './errors.js';
import { loadTrustMaterial } from './trusted-root.js';

const code = (json: unknown) => {
  try {
    loadTrustMaterial(json);
  } catch (e) {
    if (e instanceof AttestError) return e.code;
    throw e;
  }
  return 'accepted';
};

describe('loadTrustMaterial', () => {
  test('refuses what is not a trusted root', () => {
    expect(code(null)).toBe('TRUSTED_ROOT_INVALID');
    expect(code([])).toBe('TRUSTED_ROOT_INVALID');
    expect(code({ tlogs: [] })).toBe('TRUSTED_ROOT_INVALID');
  });

  test('refuses a root that could never verify anything (no CA, log or CT log)', () => {
    expect(
      code({ mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [], ctlogs: [] }),
    ).toBe('TRUSTED_ROOT_INVALID');
  });
});
