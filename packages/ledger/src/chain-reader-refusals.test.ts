import { randomUUID } from 'node:crypto';
import { canonicalJson, type IdentifiedEvent } from '@trustladder/core';
import { describe, expect, test } from 'vitest';
import { ChainReader } from './chain-reader.js';
import { LedgerError } from './errors.js';
import { EMPTY_HEAD, encodeBatch, GENESIS, sha256Hex } from './record-codec.js';
import { success } from './testing/events.js';

// A reader trusts nothing it reads: each line must carry its own hash, follow the line before
// it in the chain and in seq, lie inside its batch and hold a valid event, or the read stops
// with CORRUPT naming where.

const identified = (seconds: number): IdentifiedEvent => ({ ...success(seconds), id: randomUUID() });

/** One line with the store's fields as given, hashed as a store would. */
function line(event: object, seq: number, prev: string, batchEnd: number): string {
  const body = canonicalJson({ id: randomUUID(), ...event, seq, prev, batchEnd });
  return `${body.slice(0, -1)},"hash":"sha256:${sha256Hex(body)}"}`;
}

function corruptAt(read: () => unknown): {
  code: string;
  position: number | undefined;
  location: string | undefined;
} {
  try {
    read();
  } catch (e) {
    expect(e).toBeInstanceOf(LedgerError);
    const { code, position, location } = e as LedgerError;
    return { code, position, location };
  }
  throw new Error('the line was read');
}

describe('ChainReader', () => {
  test('reads a chain line by line and moves its head along', () => {
    const records = encodeBatch(EMPTY_HEAD, [identified(0), identified(1)]);
    const reader = new ChainReader(EMPTY_HEAD, 'memory', 'line');
    expect(reader.head).toEqual(EMPTY_HEAD);
    const first = reader.next(records[0]?.line as string, 1);
    expect(first).toEqual(records[0]);
    expect(reader.head).toEqual({ seq: 1, hash: records[0]?.hash });
    expect(reader.next(records[1]?.line as string, 2)).toEqual(records[1]);
    expect(reader.head).toEqual({ seq: 2, hash: records[1]?.hash });
  });

  test('continues from a head read earlier', () => {
    const records = encodeBatch(EMPTY_HEAD, [identified(0), identified(1)]);
    const reader = new ChainReader(records[0] as { seq: number; hash: string }, 'memory', 'line');
    expect(reader.next(records[1]?.line as string, 2).seq).toBe(2);
  });

  test('a line that does not decode is CORRUPT at its position, naming the log', () => {
    const reader = new ChainReader(EMPTY_HEAD, 'ledger.db', 'seq');
    expect(corruptAt(() => reader.next('not json', 7))).toEqual({
      code: 'CORRUPT',
      position: 7,
      location: 'ledger.db',
    });
  });

  test('a line with the right prev but the wrong seq is CORRUPT', () => {
    const reader = new ChainReader(EMPTY_HEAD, 'memory', 'line');
    expect(corruptAt(() => reader.next(line(success(0), 2, GENESIS, 2), 1)).code).toBe('CORRUPT');
    expect(reader.head).toEqual(EMPTY_HEAD);
  });

  test('a line with the right seq but the wrong prev is CORRUPT', () => {
    const reader = new ChainReader(EMPTY_HEAD, 'memory', 'line');
    expect(corruptAt(() => reader.next(line(success(0), 1, `sha256:${'1'.repeat(64)}`, 1), 1)).code).toBe(
      'CORRUPT',
    );
  });

  test('a batchEnd before the line itself is CORRUPT; one at the line is its batch', () => {
    const first = encodeBatch(EMPTY_HEAD, [identified(0)])[0];
    const reader = () => new ChainReader(first as { seq: number; hash: string }, 'memory', 'line');
    expect(corruptAt(() => reader().next(line(success(1), 2, first?.hash as string, 1), 2)).code).toBe(
      'CORRUPT',
    );
    expect(reader().next(line(success(1), 2, first?.hash as string, 2), 2).batchEnd).toBe(2);
  });

  test('a line that chains but holds an invalid event is CORRUPT and does not move the head', () => {
    const reader = new ChainReader(EMPTY_HEAD, 'memory', 'line');
    expect(corruptAt(() => reader.next(line({ ...success(0), tier: 'T9' }, 1, GENESIS, 1), 1)).code).toBe(
      'CORRUPT',
    );
    expect(reader.head).toEqual(EMPTY_HEAD);
  });
});
