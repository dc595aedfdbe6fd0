import { describe, expect, test } from 'vitest';
import { decodeLine, sha256Hex } from './record-codec.js';

// Lines that encodeBatch can never write, each refused however it is built: a line no longer
// than its own hash suffix.

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
