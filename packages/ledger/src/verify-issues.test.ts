import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  canonicalJson,
  DEFAULT_POLICY_TEXTS,
  type IdentifiedEvent,
  type InputEventDocument,
  loadTrustLadder,
} from '@trustladder/core';
import { afterAll, describe, expect, test } from 'vitest';
import type { EventStore, RawEntry, StoredProjection } from './event-store.types.js';
import { Ledger } from './ledger.js';
import { EMPTY_HEAD, encodeBatch, GENESIS, type Head, sha256Hex } from './record-codec.js';
import { SqliteEventStore } from './sqlite-store.js';
import { at, success, successes } from './testing/events.js';
import { LADDER } from './testing/harness.js';
import { TRUST_LEVEL_KIND } from './trust-level-projection.js';
import { type VerifyOptions, verifyStore } from './verify.js';

// Each issue verify names, at the position it names, and nothing more: the stored lines are
// handed to verify by a store that only scans them (and, for the projection, reads the one it
// is given), so any line can be written, including ones no real store would write.

const NO_PROJECTION: StoredProjection = {
  head: EMPTY_HEAD,
  meta: undefined,
  subjects: [],
  agents: [],
  records: [],
};

type Projection = (kind: string | undefined) => Promise<StoredProjection>;

/** A store that scans exactly these entries (terminated unless said otherwise). */
function scanning(entries: readonly (string | Partial<RawEntry>)[], projection?: Projection): EventStore {
  const store: Pick<EventStore, 'location' | 'positionName' | 'scan' | 'readProjection'> = {
    location: 'memory',
    positionName: 'line',
    async *scan() {
      for (const [i, e] of entries.entries())
        yield typeof e === 'string'
          ? { position: i + 1, line: e, terminated: true }
          : { position: i + 1, line: '', terminated: true, ...e };
    },
    readProjection: async (_agents, options) =>
      projection ? projection(options?.records?.kind) : NO_PROJECTION,
  };
  return store as EventStore;
}

const identified = (e: InputEventDocument): IdentifiedEvent =>
  ({ ...e, id: randomUUID() }) as IdentifiedEvent;

/** The lines of these batches, chained one after the other from `head`. */
function batches(groups: readonly InputEventDocument[][], head: Head = EMPTY_HEAD): string[] {
  const lines: string[] = [];
  let h = head;
  for (const g of groups) {
    const records = encodeBatch(h, g.map(identified));
    lines.push(...records.map((r) => r.line));
    const last = records.at(-1);
    if (last) h = last;
  }
  return lines;
}

/** One line with every store field as given: what a tamperer with the hash function writes. */
function forged(event: object, seq: number, prev: string, batchEnd: number): { line: string; hash: string } {
  const body = canonicalJson({ id: randomUUID(), ...event, seq, prev, batchEnd });
  const hash = `sha256:${sha256Hex(body)}`;
  return { line: `${body.slice(0, -1)},"hash":"${hash}"}`, hash };
}

async function verify(store: EventStore, options: VerifyOptions = {}) {
  return verifyStore(store, LADDER, { now: at(1_000_000), ...options });
}

const codes = async (store: EventStore, options?: VerifyOptions) =>
  (await verify(store, options)).issues.map((i) => [i.code, i.position]);

describe('verify names each kind of damage where it is', () => {
  test('a line with the right prev but a skipped seq is a seq_mismatch, not a broken chain', async () => {
    const lines = batches([[success(0)]], { seq: 4, hash: GENESIS });
    expect(await codes(scanning(lines))).toEqual([['seq_mismatch', 1]]);
  });

  test('a line with a wrong prev and a wrong seq is named once, as a broken chain', async () => {
    const lines = batches([[success(0)]], { seq: 4, hash: `sha256:${'1'.repeat(64)}` });
    expect(await codes(scanning(lines))).toEqual([['chain_broken', 1]]);
  });

  test('a PostgreSQL row whose seq, id or hash column differs from its line is a column_mismatch', async () => {
    const [line] = batches([[success(0)]]) as [string];
    const right = {
      seq: 1,
      id: JSON.parse(line).id as string,
      hash: JSON.parse(line).hash as string,
    };
    expect(await codes(scanning([{ line, columns: right }]))).toEqual([]);
    for (const wrong of [{ seq: 2 }, { id: 'other' }, { hash: GENESIS }])
      expect(await codes(scanning([{ line, columns: { ...right, ...wrong } }]))).toEqual([
        ['column_mismatch', 1],
      ]);
  });

  test('an id stored twice is a duplicate_id at its second line', async () => {
    const [a, b] = encodeBatch(EMPTY_HEAD, [
      { ...success(0), id: 'same' },
      { ...success(1), id: 'same' },
    ] as IdentifiedEvent[]);
    expect(await codes(scanning([a?.line as string, b?.line as string]))).toEqual([['duplicate_id', 2]]);
  });

  test('an invalid event is named once and the chain goes on from it', async () => {
    const bad = forged({ ...success(0), tier: 'T9' }, 1, GENESIS, 1);
    const next = batches([[success(1)]], { seq: 1, hash: bad.hash });
    expect(await codes(scanning([bad.line, ...next]))).toEqual([['invalid_event', 1]]);
  });

  test('a last line without its newline is a torn tail: it is not read, and the head is the line before', async () => {
    const lines = batches([[success(0)], [success(1)]]);
    const report = await verify(
      scanning([lines[0] as string, { line: lines[1] as string, terminated: false }]),
    );
    expect(report.issues.map((i) => [i.code, i.position])).toEqual([['torn_tail', 2]]);
    expect(report.head).toEqual({ seq: 1, hash: JSON.parse(lines[0] as string).hash });
    expect(report.events).toBe(2);
  });

  test('a batch whose last lines are missing is a torn tail named at its first line', async () => {
    const lines = batches([[success(0)], [success(1), success(2), success(3)]]);
    expect(await codes(scanning(lines.slice(0, 3)))).toEqual([['torn_tail', 2]]);
  });

  test('each derived event type starting a batch breaks it', async () => {
    const cause = identified(success(0));
    for (const type of ['CeilingPromoted', 'CeilingDemoted', 'CeilingReset']) {
      const [first] = encodeBatch(EMPTY_HEAD, [cause]);
      const derived = {
        type,
        at: at(0),
        agent: 'dev-e',
        taskClass: 'docs-update',
        from: 'T0',
        to: 'T1',
        cause: cause.id,
      } as InputEventDocument;
      const second = batches([[derived]], first);
      const found = await codes(scanning([first?.line as string, ...second]));
      expect(found).toContainEqual(['batch_broken', 2]);
    }
  });

  test('an event whose batchEnd is before its own seq breaks its batch', async () => {
    const [first] = encodeBatch(EMPTY_HEAD, [identified(success(0))]);
    const second = forged(success(1), 2, first?.hash as string, 1);
    expect(await codes(scanning([first?.line as string, second.line]))).toEqual([['batch_broken', 2]]);
  });

  test('a batchEnd that changes inside a batch is named at each line that disagrees', async () => {
    const a = forged(success(0), 1, GENESIS, 3);
    const b = forged(success(1), 2, a.hash, 4);
    const c = forged(success(2), 3, b.hash, 3);
    const d = batches([[success(3)]], { seq: 3, hash: c.hash });
    expect(await codes(scanning([a.line, b.line, c.line, ...d]))).toEqual([
      ['batch_broken', 2],
      ['batch_broken', 3],
    ]);
  });

  test('a promotion still owed at the end of the log is named at the last line', async () => {
    const lines = batches([successes(19, 0) as InputEventDocument[], [success(19)]]);
    expect(await codes(scanning(lines))).toEqual([['derived_mismatch', 20]]);
  });

  test('an event the ladder refuses is a refused_event; one older than the log is out_of_order', async () => {
    const strict = loadTrustLadder(
      (DEFAULT_POLICY_TEXTS['trust-ladder'] as string)
        .replace('maxAutoCeiling: T2', 'maxAutoCeiling: T1')
        .replace(/\n {2}- \{ from: T1, to: T2.*\n/, '\n'),
    );
    const set = {
      type: 'CeilingSet',
      at: at(0),
      agent: 'dev-e',
      taskClass: 'docs-update',
      tier: 'T2',
      by: 'alice',
      reason: 'vetted',
    } as InputEventDocument;
    const refused = await verifyStore(scanning(batches([[set]])), strict, { now: at(10) });
    expect(refused.issues.map((i) => [i.code, i.position])).toEqual([['refused_event', 1]]);
    expect(await codes(scanning(batches([[success(5)], [success(1)]])))).toEqual([['out_of_order', 2]]);
  });

  test('an expected head beyond the log is named at the last line', async () => {
    const lines = batches([[success(0)], [success(1)]]);
    expect(await codes(scanning(lines), { expectHead: { seq: 9, hash: GENESIS } })).toEqual([
      ['head_mismatch', 2],
    ]);
  });
});

describe('the clock', () => {
  test('an event may be stamped up to five minutes ahead of the clock by default, not a second more', async () => {
    expect(await codes(scanning(batches([[success(300)]])), { now: at(0) })).toEqual([]);
    expect(await codes(scanning(batches([[success(301)]])), { now: at(0) })).toEqual([['future_event', 1]]);
  });

  test('an event stamped exactly at the limit is accepted', async () => {
    expect(await codes(scanning(batches([[success(10)]])), { now: at(0), maxSkewMs: 10_000 })).toEqual([]);
    expect(await codes(scanning(batches([[success(11)]])), { now: at(0), maxSkewMs: 10_000 })).toEqual([
      ['future_event', 1],
    ]);
  });
});

describe('how many issues, and progress', () => {
  // '{}' is refused as malformed without an exception: cheap enough to read 50,000 of.
  const garbage = (n: number) => Array.from({ length: n }, () => '{}');

  test('issues stop at maxIssues (100 by default) and the report says it was cut', async () => {
    const cut = await verify(scanning(garbage(3)), { maxIssues: 2 });
    expect([cut.issues.length, cut.truncated, cut.ok, cut.events]).toEqual([2, true, false, 3]);
    const whole = await verify(scanning(garbage(3)), { maxIssues: 3 });
    expect([whole.issues.length, whole.truncated]).toEqual([3, false]);
    const byDefault = await verify(scanning(garbage(101)));
    expect([byDefault.issues.length, byDefault.truncated]).toEqual([100, true]);
    const exactly = await verify(scanning(garbage(100)));
    expect([exactly.issues.length, exactly.truncated]).toEqual([100, false]);
  });

  test('progress is reported every 50,000 events', async () => {
    const seen: number[] = [];
    const report = await verify(scanning(garbage(50_000)), { onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([50_000]);
    expect(report.events).toBe(50_000);
  });
});

describe('the stored projection is compared with the fold', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trustladder-verify-issues-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const level = (s: number, application: string, value: number): InputEventDocument => ({
    type: 'TrustLevelSet',
    at: at(s),
    agent: 'dorgu',
    application,
    environment: 'production',
    level: value,
    by: 'alice',
    reason: 'reviewed',
  });

  /** A real store's log and projection, the projection passed through `change` for verify. */
  async function stored(change: (p: StoredProjection) => StoredProjection) {
    const store = new SqliteEventStore(join(dir, `${randomUUID()}.db`));
    const ledger = new Ledger(store, LADDER);
    await ledger.record(successes(3, 0));
    await ledger.record([{ ...success(5, 'T0', 'dev-f'), outcome: 'rollback' }]);
    await ledger.record([level(6, 'api', 2), level(7, 'web', 3)]);
    const entries: RawEntry[] = [];
    for await (const e of store.scan()) entries.push(e);
    const projection: Projection = async (kind) => {
      const p = await store.readProjection(undefined, kind ? { records: { kind } } : {});
      return kind === TRUST_LEVEL_KIND ? change(p) : p;
    };
    const view = scanning(entries, projection);
    const head = await store.head();
    await store.close();
    return { view, head };
  }

  const mismatches = async (change: (p: StoredProjection) => StoredProjection) => {
    const { view, head } = await stored(change);
    return { found: await codes(view), head };
  };

  test('an untouched projection verifies', async () => {
    expect((await mismatches((p) => p)).found).toEqual([]);
  });

  test('a projection of another head is named at the seq it reflects, by seq or by hash', async () => {
    const { found } = await mismatches((p) => ({
      ...p,
      meta: p.meta && { ...p.meta, head: { ...p.meta.head, seq: 2 } },
    }));
    expect(found).toEqual([['projection_mismatch', 2]]);
    const { found: byHash, head } = await mismatches((p) => ({
      ...p,
      meta: p.meta && { ...p.meta, head: { ...p.meta.head, hash: GENESIS } },
    }));
    expect(byHash).toEqual([['projection_mismatch', head.seq]]);
  });

  test('a projection folded under another ladder is a mismatch and nothing else is compared', async () => {
    const { found, head } = await mismatches((p) => ({
      ...p,
      meta: p.meta && { ...p.meta, ladder: 'sha256:other' },
      subjects: [],
    }));
    expect(found).toEqual([['projection_mismatch', head.seq]]);
  });

  test("a projection whose newest time differs from the log's is a mismatch", async () => {
    const { found, head } = await mismatches((p) => ({
      ...p,
      meta: p.meta && { ...p.meta, newestAt: at(6) },
    }));
    expect(found).toEqual([['projection_mismatch', head.seq]]);
  });

  test('a projection row that does not restore is a mismatch', async () => {
    const { found, head } = await mismatches((p) => ({
      ...p,
      subjects: p.subjects.map((s) => ({ ...s, ceiling: 'T9' as 'T0' })),
    }));
    expect(found).toEqual([['projection_mismatch', head.seq]]);
  });

  test('a changed subject, and a missing one, are each a mismatch', async () => {
    const changed = await mismatches((p) => ({
      ...p,
      subjects: p.subjects.map((s) => (s.agent === 'dev-f' ? { ...s, ceiling: 'T1' } : s)),
    }));
    expect(changed.found).toEqual([['projection_mismatch', changed.head.seq]]);
    const missing = await mismatches((p) => ({
      ...p,
      subjects: p.subjects.filter((s) => s.agent !== 'dev-f'),
    }));
    expect(missing.found).toEqual([['projection_mismatch', missing.head.seq]]);
  });

  test('a changed, a missing and an extra trust level are each a mismatch', async () => {
    const changed = await mismatches((p) => ({
      ...p,
      records: p.records.map((r) => ({ ...r, value: r.value.replace('"level":3', '"level":4') })),
    }));
    expect(changed.found).toEqual([['projection_mismatch', changed.head.seq]]);
    const missing = await mismatches((p) => ({ ...p, records: p.records.slice(1) }));
    expect(missing.found).toEqual([['projection_mismatch', missing.head.seq]]);
    const extra = await mismatches((p) => ({
      ...p,
      records: [...p.records, { kind: TRUST_LEVEL_KIND, key: '["x","y","z"]', value: '{}' }],
    }));
    expect(extra.found).toEqual([['projection_mismatch', extra.head.seq]]);
  });
});
