import { randomUUID } from 'node:crypto';
import { canonicalJson, type IdentifiedEvent } from '@trustladder/core';
import { expect, test } from 'vitest';
import type { EventStore } from './event-store.types.js';
import { EMPTY_HEAD, encodeBatch, GENESIS, sha256Hex } from './record-codec.js';
import { at, success } from './testing/events.js';
import { LADDER } from './testing/harness.js';
import { verifyStore } from './verify.js';

// verify reads more strictly than a store does: a line must be in canonical form even when its
// hash is right, and a replay mismatch is named once, at the line that caused it.

function scanning(lines: readonly string[]): EventStore {
  const store: Pick<EventStore, 'location' | 'positionName' | 'scan' | 'readProjection'> = {
    location: 'memory',
    positionName: 'line',
    async *scan() {
      for (const [i, line] of lines.entries()) yield { position: i + 1, line, terminated: true };
    },
    readProjection: async () => ({
      head: EMPTY_HEAD,
      meta: undefined,
      subjects: [],
      agents: [],
      records: [],
    }),
  };
  return store as EventStore;
}

const codes = async (lines: readonly string[]) =>
  (await verifyStore(scanning(lines), LADDER, { now: at(1_000) })).issues.map((i) => [i.code, i.position]);

test('a line out of canonical form is named even though its hash is right', async () => {
  const body = canonicalJson({ ...success(0), id: randomUUID(), seq: 1, prev: GENESIS, batchEnd: 1 }).replace(
    ',',
    ', ',
  );
  expect(await codes([`${body.slice(0, -1)},"hash":"sha256:${sha256Hex(body)}"}`])).toEqual([
    ['not_canonical', 1],
  ]);
});

test('an event older than the one before it is named once, at its own line', async () => {
  let head = EMPTY_HEAD;
  const lines = [success(5), success(1), success(6), success(7)].map((e) => {
    const [r] = encodeBatch(head, [{ ...e, id: randomUUID() } as IdentifiedEvent]);
    if (r === undefined) throw new Error('encodeBatch returned no record');
    head = r;
    return r.line;
  });
  expect(await codes(lines)).toEqual([['out_of_order', 2]]);
});
