import canonicalizeModule from 'canonicalize';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { canonicalJson, plainJson } from './canonical-digest.js';

// The fast serialiser must write exactly what the RFC 8785 library writes, for any value:
// digests across the project (policies, changes, ledger lines) depend on it.

const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;
const runs = Number(process.env.TRUSTLADDER_PROP_RUNS ?? 1000);
const seed = Number(process.env.TRUSTLADDER_PROP_SEED ?? 20261130);

const library = (v: unknown): string => {
  try {
    return String(canonicalize(v));
  } catch (e) {
    return `throws ${(e as Error).message}`;
  }
};
const ours = (v: unknown): string => {
  try {
    return canonicalJson(v);
  } catch (e) {
    // canonicalJson wraps the library's refusal as a TypeError naming it.
    const message = (e as Error).message;
    if (message.includes('no JSON representation')) return 'undefined';
    return `throws ${message.replace(/^the value has no canonical JSON: /, '')}`;
  }
};

test('canonicalJson equals the RFC 8785 library on JSON values (keys of every kind, any string)', () => {
  const key = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 4 }),
    fc.constantFrom('1', '10', '9', '__proto__', 'a'),
  );
  const json = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(null, true, false, 0, -0, 1e21, 1e-7, 5e-324, 2 ** 53, -1.5),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.array(tie('v'), { maxLength: 4 }),
      fc.dictionary(key, tie('v'), { maxKeys: 5 }),
    ),
  })).v;
  fc.assert(
    fc.property(json, (v) => {
      expect(plainJson(v)).toBe(canonicalize(v));
      expect(canonicalJson(v)).toBe(canonicalize(v));
    }),
    { numRuns: runs, seed },
  );
});

test('anything else is left to the library, with its answer', () => {
  fc.assert(
    fc.property(
      fc.anything({
        withBoxedValues: true,
        withMap: true,
        withSet: true,
        withDate: true,
        withNullPrototype: true,
        withSparseArray: true,
        withTypedArray: true,
        withBigInt: false,
      }),
      (v) => {
        expect(ours(v)).toBe(library(v));
      },
    ),
    { numRuns: runs, seed },
  );
  for (const v of [
    { a: undefined, b: 1 },
    [undefined, () => 1],
    { toJSON: () => ({ z: 1, a: 2 }) },
    Number.NaN,
    new Date(0),
  ])
    expect(ours(v)).toBe(library(v));
});
