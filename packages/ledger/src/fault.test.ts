import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { Ledger } from './ledger.js';
import { spawnWriter, type Writer } from './testing/child-writer.js';
import { at } from './testing/events.js';
import {
  fileHarness,
  LADDER,
  postgresHarness,
  type StoreFixture,
  type StoreHarness,
} from './testing/harness.js';
import { postgresForTests } from './testing/postgres-server.js';
import { verifyStore } from './verify.js';

// Fault tests against both stores, with real processes: concurrent writers never lose or
// interleave events; a writer killed in the middle of an append loses nothing acknowledged,
// and the next append works.

const STALE_MS = 2000;

function faultSuite(harness: StoreHarness, env: (fx: StoreFixture) => Record<string, string>): void {
  describe(`${harness.name} store under faults`, () => {
    const fixtures: StoreFixture[] = [];
    const writers: Writer[] = [];
    afterEach(async () => {
      for (const w of writers.splice(0)) if (w.child.exitCode === null) w.child.kill('SIGKILL');
      for (const f of fixtures.splice(0)) await f.cleanup();
    });
    const make = async () => {
      const fx = await harness.create();
      fixtures.push(fx);
      return fx;
    };
    const spawn = (args: string[], fx: StoreFixture) => {
      const w = spawnWriter(args, env(fx));
      writers.push(w);
      return w;
    };

    test('4 processes appending 250 events each give exactly 1,000 events and a valid chain', async () => {
      const fx = await make();
      const ws = ['w1', 'w2', 'w3', 'w4'].map((agent) => spawn(['append', fx.location, agent, '250'], fx));
      const exits = await Promise.all(ws.map((w) => w.exited));
      for (const x of exits) expect(x, x.stderr).toMatchObject({ code: 0 });
      const report = await verifyStore(fx.reopen(), LADDER);
      expect(report.issues).toEqual([]);
      expect(report.events).toBe(1000);
      const records: { agent: string; taskId?: string; id: string }[] = [];
      for await (const r of fx.reopen().read()) records.push(r.event as never);
      for (const agent of ['w1', 'w2', 'w3', 'w4']) {
        const mine = records.filter((r) => r.agent === agent).map((r) => r.taskId);
        expect(mine).toEqual(Array.from({ length: 250 }, (_, i) => `${agent}-${i}`));
      }
      const acked = ws.flatMap((w) => w.acked).sort();
      expect(records.map((r) => r.id).sort()).toEqual(acked);
    }, 120_000);

    test('a writer killed in the middle of appends loses nothing acknowledged, and the next append works', async () => {
      for (let round = 0; round < 3; round++) {
        const fx = await make();
        const w = spawn(['append', fx.location, 'victim', '1000', '40'], fx);
        await w.waitFor(/^ack /);
        await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 40)));
        w.child.kill('SIGKILL');
        await w.exited;
        const acked = [...w.acked];
        const ids = new Set<string>();
        for await (const r of fx.reopen().read()) ids.add(r.id);
        for (const id of acked) expect(ids.has(id)).toBe(true);
        // Whatever was cut short is at most a torn tail, and the next append repairs it.
        const before = await verifyStore(fx.reopen(), LADDER);
        expect(before.issues.filter((i) => i.code !== 'torn_tail')).toEqual([]);
        const ledger = new Ledger(fx.reopen(), LADDER);
        const next = await ledger.record([
          {
            type: 'RunCompleted',
            at: at(10 ** 8),
            agent: 'survivor',
            taskClass: 'c',
            tier: 'T0',
            outcome: 'success',
          },
        ]);
        expect(next.records).toHaveLength(1);
        const after = await verifyStore(fx.reopen(), LADDER);
        expect(after.issues).toEqual([]);
        for await (const r of fx.reopen().read()) ids.add(r.id);
        for (const id of acked) expect(ids.has(id)).toBe(true);
      }
    }, 120_000);

    test('a writer killed while holding the write lock does not block the next append for long', async () => {
      const fx = await make();
      const ledger = new Ledger(fx.reopen(), LADDER);
      await ledger.record([{ type: 'ModelChanged', at: at(0), agent: 'a', from: 'm1', to: 'm2' }]);
      const holder = spawn(['hold', fx.location], fx);
      await holder.waitFor(/^holding$/);
      holder.child.kill('SIGKILL');
      await holder.exited;
      const started = Date.now();
      await ledger.record([{ type: 'ModelChanged', at: at(1), agent: 'a', from: 'm2', to: 'm3' }]);
      expect(Date.now() - started).toBeLessThan(STALE_MS * 5);
      expect((await verifyStore(fx.reopen(), LADDER)).ok).toBe(true);
    }, 60_000);
  });
}

faultSuite(fileHarness({ lockStaleMs: STALE_MS }), () => ({ LEDGER_STALE_MS: String(STALE_MS) }));

const pg = await postgresForTests();
if (pg) {
  afterAll(() => pg.stop());
  const harness = postgresHarness(pg.url);
  // The writers need the fixture's table: the harness names it in the store.
  faultSuite(harness, (fx) => ({ LEDGER_TABLE: (fx.store as unknown as { table: string }).table }));
}
