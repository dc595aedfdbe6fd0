import { canonicalJson } from '@trustladder/core';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { isCanonical } from './record-codec.js';

// verify's fast canonical-form check must give exactly the full canonicaliser's answer, for
// any JSON text: canonical ones, other key orders (integer-like keys included), whitespace,
// escapes, number spellings.

const runs = Number(process.env.TRUSTLADDER_PROP_RUNS ?? 1000);
const seed = Number(process.env.TRUSTLADDER_PROP_SEED ?? 20261130);

// Object keys from a small alphabet with integer-like ones, so orders collide often.
const key = fc.constantFrom('a', 'b', 'B', '1', '10', '9', '', 'é', '\u{1F600}', 'aa', '__proto__x');
const value = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -0, 1e21, 1.5, -7, 0.1),
    fc.string({ unit: 'binary', maxLength: 6 }),
    fc.array(tie('json'), { maxLength: 3 }),
    fc.dictionary(key, tie('json'), { maxKeys: 4 }),
  ),
})).json;

function reordered(v: unknown, flip: boolean): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => reordered(x, flip)).join(',')}]`;
  const keys = Object.keys(v).sort();
  if (flip) keys.reverse();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reordered((v as Record<string, unknown>)[k], flip)}`).join(',')}}`;
}

test('the fast canonical check agrees with the canonicaliser on any JSON text', () => {
  fc.assert(
    fc.property(value, fc.constantFrom(0, 1, 2, 3, 4), (v, how) => {
      const texts = [
        canonicalJson(v),
        JSON.stringify(v),
        JSON.stringify(v, null, 1),
        reordered(v, true),
        reordered(v, false).replace(/1\.5/g, '1.50').replace(/"a"/g, '"\\u0061"'),
      ];
      const text = texts[how] as string;
      const parsed = JSON.parse(text);
      expect(isCanonical(parsed, text)).toBe(canonicalJson(parsed) === text);
    }),
    { numRuns: runs, seed },
  );
});

test('a stored line that is not text (a damaged row) is refused, never a crash', async () => {
  const { decodeLine } = await import('./record-codec.js');
  for (const v of [42, 4.5, new Uint8Array([123, 125]), null, undefined])
    expect(decodeLine(v as unknown as string, true)).toMatchObject({ ok: false, code: 'unparseable' });
});
