import { canonicalJson, type IdentifiedEvent } from '@trustladder/core';
import { describe, expect, test } from 'vitest';
import { decodeLine, EMPTY_HEAD, encodeBatch, GENESIS, sha256Hex } from './record-codec.js';
import { success } from './testing/events.js';

// decodeLine reads an untrusted line: each way a line can be wrong has its own code, and
// only a line with every store field valid and its own hash right is read.

/** `body` with its hash appended, as a store writes it (whatever the body holds). */
const hashed = (body: string) => `${body.slice(0, -1)},"hash":"sha256:${sha256Hex(body)}"}`;

const fields = { ...success(0), id: 'e1', seq: 1, prev: GENESIS, batchEnd: 1 };

describe('decodeLine', () => {
  test('a line encodeBatch wrote decodes to its record', () => {
    const [r] = encodeBatch(EMPTY_HEAD, [{ ...success(0), id: 'e1' } as IdentifiedEvent]);
    expect(decodeLine(r?.line as string, true)).toEqual({ ok: true, record: r });
    expect(r?.event).toEqual({ ...success(0), id: 'e1', seq: 1 });
  });

  test('text that is not a JSON object is unparseable; an object without the hash is malformed', () => {
    for (const text of ['x', 'null', '[]', '[{"a":1}]', '1', '"{}"', ''])
      expect(decodeLine(text)).toMatchObject({ ok: false, code: 'unparseable' });
    expect(decodeLine('{"a":1}')).toMatchObject({ ok: false, code: 'malformed' });
  });

  test('a hash over a body that is not JSON is unparseable', () => {
    expect(decodeLine(hashed('{x}'))).toMatchObject({ ok: false, code: 'unparseable' });
    // The shortest line with a hash suffix: a body of `{` alone, which is not JSON either.
    expect(decodeLine(`{,"hash":"sha256:${sha256Hex('{}')}"}`)).toMatchObject({
      ok: false,
      code: 'unparseable',
    });
  });

  test('a hash suffix with a character outside lower-case hex is malformed, at either edge of each range', () => {
    const line = hashed(canonicalJson(fields));
    const at = line.length - 3; // the last hex digit
    for (const c of ['/', ':', '`', 'g', 'A', 'F'])
      expect(decodeLine(`${line.slice(0, at)}${c}${line.slice(at + 1)}`)).toMatchObject({
        ok: false,
        code: 'malformed',
      });
  });

  test('every lower-case hex digit is read as part of the hash', () => {
    // Each line's hash is checked against its body: a digit refused as hex would fail here.
    const seen = new Set<string>();
    for (let i = 0; seen.size < 16; i++) {
      const line = hashed(canonicalJson({ ...fields, id: `e${i}` }));
      expect(decodeLine(line, true).ok).toBe(true);
      for (const c of line.slice(-66, -2)) seen.add(c);
    }
  });

  test('a changed body is a hash_mismatch', () => {
    const line = hashed(canonicalJson(fields));
    expect(decodeLine(line.replace('"tier":"T0"', '"tier":"T1"'))).toMatchObject({
      ok: false,
      code: 'hash_mismatch',
    });
  });

  test('each missing or invalid store field is malformed, even with the hash right', () => {
    const { seq: _s, ...noSeq } = fields;
    const { id: _i, ...noId } = fields;
    const { prev: _p, ...noPrev } = fields;
    const { batchEnd: _b, ...noBatchEnd } = fields;
    for (const body of [
      noSeq,
      noId,
      noPrev,
      noBatchEnd,
      { ...fields, seq: 0 },
      { ...fields, seq: 1.5 },
      { ...fields, seq: '1' },
      { ...fields, id: 1 },
      { ...fields, prev: null },
      { ...fields, batchEnd: 1.5 },
      { ...fields, batchEnd: '1' },
      { ...fields, hash: 'x' },
    ])
      expect(decodeLine(hashed(canonicalJson(body))), JSON.stringify(body)).toMatchObject({
        ok: false,
        code: 'malformed',
      });
  });

  test('a body out of canonical form is refused only when strict', () => {
    const line = hashed(JSON.stringify({ ...fields, at: fields.at, agent: fields.agent }).replace(',', ', '));
    expect(decodeLine(line, true)).toMatchObject({ ok: false, code: 'not_canonical' });
    expect(decodeLine(line)).toMatchObject({
      ok: true,
      record: { seq: 1, id: 'e1', prev: GENESIS, batchEnd: 1 },
    });
  });
});
