import { describe, expect, it } from 'vitest';
import { canonicalDigest, canonicalJson } from './canonical-digest.js';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys and writes numbers the JCS way, so digests ignore key order and spelling', () => {
    expect(canonicalJson({ b: [1e21, 0.5, -0], a: 'é' })).toBe('{"a":"é","b":[1e+21,0.5,0]}');
    expect(canonicalDigest({ a: 1, b: 2 })).toBe(canonicalDigest({ b: 2, a: 1 }));
    expect(canonicalDigest({ a: 1 })).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('refuses what has no canonical JSON with a TypeError: no value, NaN, a lone surrogate, a cycle', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const bad of [
      undefined,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '\ud800',
      { s: 'x\udc00' },
      { '\ud800': 1 },
      cycle,
    ]) {
      expect(() => canonicalJson(bad)).toThrow(TypeError);
    }
  });
});
