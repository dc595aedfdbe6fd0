import type { CompiledAttestor } from '@trustladder/core';
import { describe, expect, test } from 'vitest';
import { KyvernoError } from '../errors.js';
import { attestationName, attestationNames } from './names.js';

// An attestations[] entry is named after its predicate type: the scheme dropped, lower case,
// every run of other characters one hyphen, none at either end, at most 63 characters.

describe('attestationName', () => {
  test('drops the scheme, lower-cases, and makes each run of other characters one hyphen', () => {
    expect(attestationName('https://slsa.dev/provenance/v1')).toBe('slsa-dev-provenance-v1');
    expect(attestationName('HTTP://Example.COM/In-Toto/V1')).toBe('example-com-in-toto-v1');
    expect(attestationName('https://a.b//c_-_d/v1')).toBe('a-b-c-d-v1');
  });

  test('drops only a leading scheme', () => {
    expect(attestationName('x-https://a/b')).toBe('x-https-a-b');
    expect(attestationName('https://a/https://b')).toBe('a-https-b');
  });

  test('trims hyphens at both ends', () => {
    expect(attestationName('https://-a.b/-')).toBe('a-b');
    expect(attestationName('https://...a/b...')).toBe('a-b');
  });

  test('keeps at most 63 characters, and no hyphen where it was cut', () => {
    const long = `https://${'a'.repeat(70)}`;
    expect(attestationName(long)).toBe('a'.repeat(63));
    const cutAtHyphen = `https://${'a'.repeat(62)}/b`;
    expect(attestationName(cutAtHyphen)).toBe('a'.repeat(62));
    expect(attestationName(`https://${'a'.repeat(63)}/b`)).toBe('a'.repeat(63));
  });
});

describe('attestationNames', () => {
  // attestationNames reads only the predicate type of each attestor.
  const attestors = (...types: string[]) =>
    types.map((predicateType, i) => ({ name: `a${i}`, predicateType }) as unknown as CompiledAttestor);

  test('maps each predicate type to its name; two attestors of one type share it', () => {
    const names = attestationNames(
      attestors('https://slsa.dev/provenance/v1', 'https://example.com/v1', 'https://slsa.dev/provenance/v1'),
    );
    expect([...names]).toEqual([
      ['https://slsa.dev/provenance/v1', 'slsa-dev-provenance-v1'],
      ['https://example.com/v1', 'example-com-v1'],
    ]);
  });

  test('refuses two predicate types with one name', () => {
    try {
      attestationNames(attestors('https://slsa.dev/provenance/v1', 'http://slsa.dev/provenance_v1'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KyvernoError);
      expect((e as KyvernoError).code).toBe('NAME_COLLISION');
    }
  });
});
