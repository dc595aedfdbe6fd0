import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { escapePointerToken } from '../issues.js';
import { parseJson } from './json.js';

const numRuns = Number(process.env.TRUSTLADDER_PROP_RUNS ?? 1000);
const seed = Number(process.env.TRUSTLADDER_PROP_SEED ?? 20261122);
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const codes = (r: ReturnType<typeof parseJson>) => (r.ok ? [] : r.issues.map((i) => i.code));

describe('the strict JSON reader', () => {
  test.prop([fc.jsonValue({ maxDepth: 8 })], { numRuns, seed })(
    'reads what JSON.stringify writes, exactly as JSON.parse does (keys aside that reach a prototype)',
    (value) => {
      const text = JSON.stringify(value);
      const r = parseJson(text);
      if (r.ok) expect(r.value.value).toEqual(JSON.parse(text));
      else expect(codes(r).every((c) => c === 'forbidden_key')).toBe(true);
    },
  );

  test.prop(
    [
      fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ maxDepth: 4 }), { minKeys: 1 }),
      fc.nat(),
      fc.jsonValue({ maxDepth: 2 }),
      fc.boolean(),
    ],
    { numRuns, seed },
  )(
    'finds a repeated key wherever it is written, escaped or not, at its pointer',
    (object, pick, other, escaped) => {
      const keys = Object.keys(object);
      const key = keys[pick % keys.length] as string;
      if (FORBIDDEN.has(key)) return;
      const written = escaped
        ? `"${Array.from({ length: key.length }, (_, k) => `\\u${key.charCodeAt(k).toString(16).padStart(4, '0')}`).join('')}"`
        : JSON.stringify(key);
      // Nest the object once so the pointer has a parent, and put the copy first or last.
      const body = JSON.stringify(object).slice(1, -1);
      const text =
        pick % 2 === 0
          ? `{"o":{${written}:${JSON.stringify(other)},${body}}}`
          : `{"o":{${body},${written}:${JSON.stringify(other)}}}`;
      const r = parseJson(text);
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.issues).toContainEqual(
          expect.objectContaining({ code: 'duplicate_key', path: `/o/${escapePointerToken(key)}` }),
        );
    },
  );
});
