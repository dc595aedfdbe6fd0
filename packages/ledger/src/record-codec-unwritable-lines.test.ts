import { canonicalJson } from '@trustladder/core';
import { describe, expect, test } from 'vitest';
import { decodeLine, GENESIS, isCanonical, sha256Hex } from './record-codec.js';

// Lines that encodeBatch can never write, each refused however it is built: a line no longer
// than its own hash suffix, and a body holding a lone surrogate (RFC 8785 has no form for it:
// the canonicaliser throws, so no writer could have hashed it).

/** `body` with its hash appended, as a store writes it (whatever the body holds). */
const hashed = (body: string) => `${body.slice(0, -1)},"hash":"sha256:${sha256Hex(body)}"}`;

const PREFIX = ',"hash":"sha256:';

describe('a line no longer than its hash suffix', () => {
  test('is unparseable, whether its hex would start before the line, at its start or in the prefix', () => {
    for (const line of [
      `${PREFIX}"}`,
      `${PREFIX}${'a'.repeat(47)}"}`, // one short of reaching back to the line's start
      `${PREFIX}${'a'.repeat(48)}"}`, // the hex would start at 0 and cross the prefix
      `${PREFIX}${'a'.repeat(63)}"}`,
      `${PREFIX}${sha256Hex('}')}"}`, // exactly the suffix, hashing the body `}`
    ])
      expect(decodeLine(line, true), line).toMatchObject({ ok: false, code: 'unparseable' });
  });
});

describe('a body with a lone surrogate', () => {
  const store = { batchEnd: 1, id: 'e1', prev: GENESIS, seq: 1 };
  // Each in the byte-for-byte form JSON.stringify writes, keys in code-unit order: only the
  // surrogate keeps it from being canonical.
  const values = [
    { ...store, note: '\ud800' },
    { ...store, note: 'x\udfff' },
    { ...store, notes: ['ok', '\udc00'] },
    { ...store, nested: { deep: { text: '\ud83d' } } },
    { ...store, 'key\ud800': 1 },
  ];
  const inOrder = (v: object, reverse: boolean) => {
    const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1));
    return JSON.stringify(Object.fromEntries(reverse ? entries.reverse() : entries));
  };
  const bodies = values.map((v) => inOrder(v, false));

  test('has no canonical form: the canonicaliser refuses it', () => {
    for (const body of bodies) expect(() => canonicalJson(JSON.parse(body)), body).toThrow(TypeError);
  });

  test('is not canonical, even in the form JSON.stringify writes with sorted keys', () => {
    for (const body of bodies) {
      expect(isCanonical(JSON.parse(body), body), body).toBe(false);
      expect(decodeLine(hashed(body), true), body).toMatchObject({ ok: false, code: 'not_canonical' });
    }
  });

  test('is not canonical with its keys out of order or spaced either', () => {
    for (const v of values) {
      for (const text of [inOrder(v, false).replace(',', ', '), inOrder(v, true)]) {
        expect(isCanonical(JSON.parse(text), text), text).toBe(false);
        expect(decodeLine(hashed(text), true), text).toMatchObject({ ok: false, code: 'not_canonical' });
      }
    }
  });

  test('a surrogate pair, written raw as JSON.stringify does, stays canonical', () => {
    const body = inOrder({ ...store, note: '\u{1F600}', 'k\u{1F600}': ['\u{1F600}'] }, false);
    expect(body).toBe(canonicalJson(JSON.parse(body)));
    expect(isCanonical(JSON.parse(body), body)).toBe(true);
    expect(decodeLine(hashed(body), true)).toMatchObject({ ok: true, record: { seq: 1, id: 'e1' } });
  });
});
