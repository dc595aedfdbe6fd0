import { randomUUID } from 'node:crypto';
import {
  type IdentifiedEvent,
  type InputEventDocument,
  isTrustladderError,
  type LedgerEvent,
  TrustladderError,
} from '@trustladder/core';
import { afterEach, describe, expect, test } from 'vitest';
import { LedgerError } from '../errors.js';
import { Ledger } from '../ledger.js';
import { decodeLine, EMPTY_HEAD, encodeBatch, type StoredRecord } from '../record-codec.js';
import { verifyStore } from '../verify.js';
import { all, rejection } from './async.js';
import { at, success, successes } from './events.js';
import { LADDER, type StoreFixture, type StoreHarness } from './harness.js';

/** The events of stored lines, re-encoded as a valid chain (an attacker who recomputes hashes). */
function rechain(events: readonly LedgerEvent[]): string[] {
  let head = EMPTY_HEAD;
  const lines: string[] = [];
  for (const e of events) {
    const { seq: _s, ...rest } = e as LedgerEvent & { seq?: number; id: string };
    const [r] = encodeBatch(head, [rest as IdentifiedEvent]);
    const rec = r as StoredRecord;
    lines.push(rec.line);
    head = rec;
  }
  return lines;
}

function eventsOf(lines: readonly string[]): LedgerEvent[] {
  return lines.map((l) => {
    const d = decodeLine(l);
    if (!d.ok) throw new Error(d.message);
    return d.record.event;
  });
}

/** The one conformance suite every EventStore passes. */
export function defineConformanceSuite(harness: StoreHarness): void {
  describe(`${harness.name} store conformance`, () => {
    let fx: StoreFixture;
    const fixtures: StoreFixture[] = [];
    const make = async () => {
      fx = await harness.create();
      fixtures.push(fx);
      return fx;
    };
    afterEach(async () => {
      for (const f of fixtures.splice(0)) await f.cleanup();
    });

    test('an empty store has the genesis head, no records, and verifies', async () => {
      await make();
      expect(await fx.store.head()).toEqual(EMPTY_HEAD);
      expect(await all(fx.store.read())).toEqual([]);
      const report = await verifyStore(fx.store, LADDER);
      expect(report).toMatchObject({ ok: true, events: 0, issues: [] });
    });

    test('concurrent appends through one store: a failing one is rejected alone, the others commit in order', async () => {
      await make();
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const one = (n: number, id: string = randomUUID()) => [{ ...success(n), id }];
      const firstId = randomUUID();
      // The first append holds its transaction open while the others queue behind it (on
      // PostgreSQL they then share one transaction, each after its own savepoint).
      const first = fx.store.append(async () => {
        await gate;
        return one(0, firstId);
      });
      const rest = Array.from({ length: 12 }, (_, i) =>
        fx.store.append(async (ctx) => {
          // Refused by the database as it inserts (a duplicate id): rolled back alone.
          if (i === 5) return one(i + 1, firstId);
          if (i === 8) throw new LedgerError('EMPTY_BATCH', 'refused on purpose');
          expect(ctx.head.seq).toBeGreaterThanOrEqual(1);
          return one(i + 1);
        }),
      );
      release();
      const settled = await Promise.allSettled([first, ...rest]);
      expect(settled.map((r) => r.status)).toEqual(
        Array.from({ length: 13 }, (_, i) => (i === 6 || i === 9 ? 'rejected' : 'fulfilled')),
      );
      expect((settled[9] as PromiseRejectedResult).reason).toMatchObject({ code: 'EMPTY_BATCH' });
      const seqs = settled.flatMap((r) =>
        r.status === 'fulfilled' ? r.value.records.map((x) => x.seq) : [],
      );
      expect(seqs).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
      expect((await all(fx.store.read())).map((r) => r.event.at)).toEqual(
        [0, 1, 2, 3, 4, 5, 7, 8, 10, 11, 12].map((n) => success(n).at),
      );
      expect((await verifyStore(fx.store, LADDER)).issues).toEqual([]);
    });

    test('an append assigns consecutive seqs, chains hashes, marks the batch and reads back whole', async () => {
      await make();
      const events = [success(0), success(1), success(2)].map((e) => ({ ...e, id: randomUUID() }));
      const result = await fx.store.append(async (ctx) => {
        expect(ctx.head).toEqual(EMPTY_HEAD);
        return events;
      });
      expect(result.records.map((r) => [r.seq, r.batchEnd])).toEqual([
        [1, 3],
        [2, 3],
        [3, 3],
      ]);
      expect(result.records[0]?.prev).toBe(EMPTY_HEAD.hash);
      expect(result.records[1]?.prev).toBe(result.records[0]?.hash);
      const read = await all(fx.store.read());
      expect(read.map((r) => r.line)).toEqual(result.records.map((r) => r.line));
      expect(read.map((r) => r.event)).toEqual(events.map((e, i) => ({ ...e, seq: i + 1 })));
      expect(await fx.store.head()).toEqual(result.head);
      expect(await fx.reopen().head()).toEqual(result.head);
    });

    test('a batch whose prepare throws appends nothing, and the next append works', async () => {
      await make();
      await fx.store.append(async () => [{ ...success(0), id: randomUUID() }]);
      const boom = new Error('boom');
      expect(await rejection(fx.store.append(async () => Promise.reject(boom)))).toBe(boom);
      expect(await all(fx.store.read())).toHaveLength(1);
      await fx.store.append(async () => [{ ...success(1), id: randomUUID() }]);
      expect((await all(fx.store.read())).map((r) => r.seq)).toEqual([1, 2]);
    });

    test('record appends events with their derived events in one batch: promotion at the 20th', async () => {
      await make();
      const ledger = new Ledger(fx.store, LADDER);
      await ledger.record(successes(19, 0));
      const r = await ledger.record([success(100)]);
      expect(r.records.map((x) => x.event.type)).toEqual(['RunCompleted', 'CeilingPromoted']);
      expect(r.records[1]?.event).toMatchObject({ from: 'T0', to: 'T1', cause: r.records[0]?.id });
      expect(r.records.every((x) => x.batchEnd === r.records[1]?.seq)).toBe(true);
      const state = (await new Ledger(fx.reopen(), LADDER).replay()).projection.subject(
        'dev-e',
        'docs-update',
      );
      expect(state).toMatchObject({ ceiling: 'T1', streak: 0 });
      expect((await verifyStore(fx.store, LADDER)).ok).toBe(true);
    });

    test('an invalid event among valid ones appends none of them', async () => {
      await make();
      const ledger = new Ledger(fx.store, LADDER);
      const e = await rejection(
        ledger.record([success(0), { ...success(1), tier: 'T9' } as unknown, success(2)]),
      );
      expect(e).toBeInstanceOf(TrustladderError);
      expect((e as TrustladderError).code).toBe('INVALID_INPUT');
      expect((e as TrustladderError).issues[0]?.path).toBe('/1/tier');
      expect(await all(fx.store.read())).toEqual([]);
    });

    test('an event older than the log is refused with LEDGER_ORDER and nothing of its batch is appended', async () => {
      await make();
      const ledger = new Ledger(fx.store, LADDER);
      await ledger.record([success(10)]);
      const e = await rejection(ledger.record([success(11), success(5)]));
      expect(isTrustladderError(e) && e.code).toBe('LEDGER_ORDER');
      expect(await all(fx.store.read())).toHaveLength(1);
      await ledger.record([success(12)]);
      expect(await all(fx.store.read())).toHaveLength(2);
    });

    test('two writers on one log catch up with each other: the promotion lands where the 20th run does', async () => {
      await make();
      const a = new Ledger(fx.store, LADDER);
      const b = new Ledger(fx.reopen(), LADDER);
      await a.record(successes(10, 0));
      await b.record(successes(9, 10));
      await a.record([success(19)]); // a has not seen b's runs: it must read them first
      const types = (await all(fx.store.read())).map((r) => r.event.type);
      expect(types.filter((t) => t === 'CeilingPromoted')).toHaveLength(1);
      expect(types.at(-1)).toBe('CeilingPromoted');
      expect((await verifyStore(fx.store, LADDER)).ok).toBe(true);
    });

    test('concurrent appends in one process never lose or interleave events', async () => {
      await make();
      const writers = [fx.store, fx.reopen(), fx.reopen()];
      await Promise.all(
        writers.map((store, w) =>
          (async () => {
            for (let i = 0; i < 15; i++)
              await store.append(async () => [
                { ...success(0, 'T0', `agent-${w}`), outcome: 'human-rework', id: randomUUID() },
                { ...success(0, 'T0', `agent-${w}`), outcome: 'human-rework', id: randomUUID() },
              ]);
          })(),
        ),
      );
      const records = await all(fx.store.read());
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
      for (let i = 0; i < records.length; i += 2)
        expect(records[i]?.event.agent).toBe(records[i + 1]?.event.agent);
      expect((await verifyStore(fx.store, LADDER)).ok).toBe(true);
    });

    test('state as of a time replays only the events up to it', async () => {
      await make();
      const ledger = new Ledger(fx.store, LADDER);
      await ledger.record(successes(20, 0));
      const before = await ledger.replay({ until: at(18) });
      expect(before.projection.subject('dev-e', 'docs-update')).toMatchObject({ ceiling: 'T0', streak: 19 });
      const after = await ledger.replay({ until: at(19) });
      expect(after.projection.subject('dev-e', 'docs-update')).toMatchObject({ ceiling: 'T1' });
    });

    describe('projection', () => {
      const mixed = () => [
        ...successes(20, 0),
        { ...success(30, 'T1', 'dev-f'), outcome: 'rollback' as const },
        success(31, 'T2', 'dev-g'),
        { type: 'ModelChanged' as const, at: at(40), agent: 'dev-e', from: 'm1', to: 'm2' },
        {
          type: 'CeilingSet' as const,
          at: at(41),
          agent: 'dev-h',
          taskClass: 'infra',
          tier: 'T2' as const,
          by: 'alice',
          reason: 'vetted',
        },
      ];

      test('each append writes the projection in its transaction: gates read it, and it equals the fold', async () => {
        await make();
        const ledger = new Ledger(fx.store, LADDER);
        for (const e of mixed()) await ledger.record([e]);
        const view = await new Ledger(fx.reopen(), LADDER).projection();
        expect(view.source).toBe('stored');
        expect(view.head).toEqual(await fx.store.head());
        const replayed = await new Ledger(fx.reopen(), LADDER).replay();
        expect(view.projection.states()).toEqual(replayed.projection.states());
        const one = await new Ledger(fx.reopen(), LADDER).projection(['dev-f']);
        expect(one.projection.states().map((s) => s.agent)).toEqual(['dev-f']);
        expect(one.projection.knowsAgent('dev-e')).toBe(true);
        expect(one.projection.knowsAgent('alice')).toBe(false);
        expect((await verifyStore(fx.store, LADDER)).issues).toEqual([]);
      });

      test('a raw append without a projection drops it: gates replay, never read a stale one', async () => {
        await make();
        const ledger = new Ledger(fx.store, LADDER);
        await ledger.record(successes(19, 0));
        await fx.store.append(async () => [{ ...success(19), outcome: 'human-rework', id: randomUUID() }]);
        const view = await new Ledger(fx.reopen(), LADDER).projection();
        expect(view.source).toBe('replay');
        expect(view.projection.subject('dev-e', 'docs-update').streak).toBe(0);
        // The next record rebuilds it.
        await ledger.record([success(20)]);
        expect((await new Ledger(fx.reopen(), LADDER).projection()).source).toBe('stored');
        expect((await verifyStore(fx.store, LADDER)).issues).toEqual([]);
      });

      test('a projection under another ladder is not trusted; a tampered one fails verify', async () => {
        await make();
        const ledger = new Ledger(fx.store, LADDER);
        for (const e of mixed()) await ledger.record([e]);
        const other = { ...LADDER, digest: 'sha256:other' };
        expect((await new Ledger(fx.reopen(), other).projection()).source).toBe('replay');
        const tampered = await fx.tamperProjection('dev-f', (state) => ({ ...state, ceiling: 'T2' }));
        expect(tampered).toBe(true);
        const report = await verifyStore(fx.store, LADDER);
        expect(report.issues.map((i) => i.code)).toEqual(['projection_mismatch']);
      });
    });

    test('trust levels are a projection too: read by key, equal to the fold, and checked by verify', async () => {
      await make();
      const ledger = new Ledger(fx.store, LADDER);
      const set = (
        s: number,
        application: string,
        environment: string,
        level: number,
      ): InputEventDocument => ({
        type: 'TrustLevelSet',
        at: at(s),
        agent: 'dorgu',
        application,
        environment,
        level,
        by: 'alice',
        reason: 'reviewed',
      });
      await ledger.record([set(0, 'api', 'Production', 2), set(1, 'web', 'staging', 3)]);
      await ledger.record([set(2, 'api', 'production', 4)]);
      const reader = new Ledger(fx.reopen(), LADDER);
      const one = await reader.trustLevels({ agent: 'dorgu', application: 'api', environment: 'PRODUCTION' });
      expect(one.source).toBe('stored');
      expect(one.state.all()).toHaveLength(1);
      expect(one.state.levelOf('dorgu', 'api', 'production')).toBe(4);
      const all = await reader.trustLevels();
      expect(all.state.all().map((r) => [r.application, r.level])).toEqual([
        ['api', 4],
        ['web', 3],
      ]);
      expect((await verifyStore(fx.store, LADDER)).issues).toEqual([]);
      const tampered = await fx.tamperRecord('trust-level', (value) =>
        value.replace('"level":3', '"level":5'),
      );
      expect(tampered).toBe(true);
      expect((await verifyStore(fx.store, LADDER)).issues.map((i) => i.code)).toEqual([
        'projection_mismatch',
      ]);
    });

    test('record refuses an event from the future, names it, and appends nothing', async () => {
      await make();
      const ledger = new Ledger(fx.store, LADDER);
      const e = await rejection(
        ledger.record([success(0), { ...success(1), at: '2999-01-01T00:00:00Z' }], { now: at(0) }),
      );
      expect(e).toBeInstanceOf(LedgerError);
      expect((e as LedgerError).code).toBe('FUTURE_EVENT');
      expect((e as LedgerError).position).toBe(1);
      expect(await all(fx.store.read())).toEqual([]);
      // Within the skew is fine; the skew is configurable.
      await ledger.record([success(200)], { now: at(0) });
      expect(
        ((await rejection(ledger.record([success(400)], { now: at(0), maxSkewMs: 100_000 }))) as LedgerError)
          .code,
      ).toBe('FUTURE_EVENT');
    });

    test('verify names a stored future event, and --expect-head catches a cut or rewritten log', async () => {
      await make();
      const ledger = new Ledger(fx.store, LADDER);
      await ledger.record(successes(3, 0), { now: at(0) });
      const head = await fx.store.head();
      await ledger.record([success(10_000)], { now: at(10_000) });
      const late = await verifyStore(fx.store, LADDER, { now: at(0) });
      expect(late.issues.map((i) => [i.code, i.position])).toEqual([['future_event', 4]]);
      expect((await verifyStore(fx.store, LADDER, { now: at(10_000), expectHead: head })).ok).toBe(true);
      const wrong = { seq: head.seq, hash: `sha256:${'1'.repeat(64)}` };
      expect(
        (await verifyStore(fx.store, LADDER, { now: at(10_000), expectHead: wrong })).issues.map(
          (i) => i.code,
        ),
      ).toEqual(['head_mismatch']);
      const beyond = { seq: 99, hash: head.hash };
      expect(
        (await verifyStore(fx.store, LADDER, { now: at(10_000), expectHead: beyond })).issues.map(
          (i) => i.code,
        ),
      ).toEqual(['head_mismatch']);
    });

    describe('verify', () => {
      async function seeded(): Promise<string[]> {
        await make();
        const ledger = new Ledger(fx.store, LADDER);
        for (let i = 0; i < 5; i++) await ledger.record(successes(5, i * 5));
        await ledger.record([{ ...success(40, 'T1'), outcome: 'rollback' }]);
        const lines = await fx.lines();
        expect(lines).toHaveLength(28); // 25 runs and a promotion, a rollback and its demotion
        return lines;
      }

      async function issuesAfter(lines: readonly string[]) {
        await fx.rewrite(lines);
        const report = await verifyStore(fx.reopen(), LADDER);
        expect(report.ok).toBe(false);
        return report.issues;
      }

      test('a modified event is named by position', async () => {
        const lines = await seeded();
        const changed = [...lines];
        changed[6] = (changed[6] as string).replace('"tier":"T0"', '"tier":"T1"');
        const issues = await issuesAfter(changed);
        expect(issues[0]).toMatchObject({ code: 'hash_mismatch', position: 7 });
      });

      test('a removed event breaks the chain where it was', async () => {
        const lines = await seeded();
        const issues = await issuesAfter(lines.filter((_, i) => i !== 3));
        expect(issues[0]).toMatchObject({ code: 'chain_broken', position: 4 });
      });

      test('an inserted event breaks the chain where it went in', async () => {
        const lines = await seeded();
        const issues = await issuesAfter([...lines.slice(0, 5), lines[2] as string, ...lines.slice(5)]);
        expect(issues[0]).toMatchObject({ code: 'chain_broken', position: 6 });
      });

      test('reordered events break the chain at the first of them', async () => {
        const lines = await seeded();
        const swapped = [...lines];
        [swapped[8], swapped[9]] = [swapped[9] as string, swapped[8] as string];
        const issues = await issuesAfter(swapped);
        expect(issues[0]).toMatchObject({ code: 'chain_broken', position: 9 });
      });

      test('a derived event removed and the chain recomputed: replay misses it', async () => {
        const lines = await seeded();
        const events = eventsOf(lines);
        const idx = events.findIndex((e) => e.type === 'CeilingPromoted');
        const perEvent = events
          .filter((_, i) => i !== idx)
          .map((e) => {
            const { seq: _s, ...rest } = e as LedgerEvent & { seq: number; id: string };
            return rest as IdentifiedEvent;
          });
        let head = EMPTY_HEAD;
        const relined = perEvent.map((e) => {
          const [r] = encodeBatch(head, [e]);
          head = r as StoredRecord;
          return (r as StoredRecord).line;
        });
        const issues = await issuesAfter(relined);
        expect(issues.map((i) => i.code)).toContain('derived_mismatch');
      });

      test('a derived event forged with a valid chain is caught by the replay', async () => {
        const lines = await seeded();
        const events = eventsOf(lines);
        const cause = events[2] as LedgerEvent & { id: string };
        const forged: LedgerEvent = {
          type: 'CeilingPromoted',
          at: cause.at,
          agent: 'dev-e',
          taskClass: 'docs-update',
          from: 'T0',
          to: 'T1',
          cause: cause.id,
          ...{ id: randomUUID() },
        } as LedgerEvent;
        const issues = await issuesAfter(rechain([...events.slice(0, 3), forged, ...events.slice(3)]));
        expect(issues.map((i) => i.code)).toContain('derived_mismatch');
      });

      test('an event moved back in time with a valid chain is out of order', async () => {
        const lines = await seeded();
        const events = eventsOf(lines);
        const moved = events.map((e, i) => (i === 10 ? { ...e, at: at(-100) } : e));
        const issues = await issuesAfter(rechain(moved));
        expect(issues.map((i) => i.code)).toContain('out_of_order');
      });

      test('reads refuse a damaged log (CORRUPT) and record refuses one whose derived events differ (MISMATCH)', async () => {
        const lines = await seeded();
        const changed = [...lines];
        changed[4] = (changed[4] as string).replace('"tier":"T0"', '"tier":"T2"');
        await fx.rewrite(changed);
        const e1 = await rejection(all(fx.reopen().read()));
        expect(e1).toBeInstanceOf(LedgerError);
        expect((e1 as LedgerError).code).toBe('CORRUPT');
        const events = eventsOf(lines);
        const idx = events.findIndex((e) => e.type === 'CeilingDemoted');
        await fx.rewrite(rechain(events.filter((_, i) => i !== idx)));
        const e2 = await rejection(new Ledger(fx.reopen(), LADDER).record([success(100)]));
        expect(e2).toBeInstanceOf(LedgerError);
        expect((e2 as LedgerError).code).toBe('MISMATCH');
      });
    });
  });
}
