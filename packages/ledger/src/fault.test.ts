import { closeSync, openSync, readSync, statSync, truncateSync, writeSync } from 'node:fs';
import type { InputEventDocument } from '@trustladder/core';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { isLedgerError } from './errors.js';
import { Ledger } from './ledger.js';
import { spawnWriter, type Writer } from './testing/child-writer.js';
import { at } from './testing/events.js';
import {
  LADDER,
  postgresHarness,
  type StoreFixture,
  type StoreHarness,
  sqliteHarness,
} from './testing/harness.js';
import { postgresForTests } from './testing/postgres-server.js';
import { verifyStore } from './verify.js';

// Fault tests against both stores, with real processes: concurrent writers never lose or
// interleave events; a writer paused while it holds the lock keeps it (the others wait, and
// nothing is overwritten); a writer killed in the middle of an append loses nothing
// acknowledged and leaves nothing half-written. TRUSTLADDER_FAULT_ROUNDS and
// TRUSTLADDER_PAUSE_MS make the runs longer.

const ROUNDS = Number(process.env.TRUSTLADDER_FAULT_ROUNDS ?? 4);
const PAUSE_MS = Number(process.env.TRUSTLADDER_PAUSE_MS ?? 15_000);
const NOW = at(10 ** 9);

interface Logged {
  readonly ids: string[];
  readonly agents: string[];
}

async function readAll(fx: StoreFixture): Promise<Logged> {
  const store = fx.reopen();
  const ids: string[] = [];
  const agents: string[] = [];
  for await (const r of store.read()) {
    ids.push(r.id);
    agents.push(r.event.agent);
  }
  await store.close();
  return { ids, agents };
}

async function verifyExact(fx: StoreFixture): Promise<void> {
  const store = fx.reopen();
  const report = await verifyStore(store, LADDER, { now: NOW });
  await store.close();
  expect(report.issues).toEqual([]);
}

function faultSuite(harness: StoreHarness, env: (fx: StoreFixture) => Record<string, string>): void {
  describe(`${harness.name} store under faults`, () => {
    const fixtures: StoreFixture[] = [];
    const writers: Writer[] = [];
    afterEach(async () => {
      for (const w of writers.splice(0))
        if (w.child.exitCode === null && w.child.signalCode === null) {
          w.child.kill('SIGCONT');
          w.child.kill('SIGKILL');
        }
      for (const f of fixtures.splice(0)) await f.cleanup();
    });
    const make = async () => {
      const fx = await harness.create();
      fixtures.push(fx);
      return fx;
    };
    const spawn = (args: string[], fx: StoreFixture, options: { fileSizeLimitKb?: number } = {}) => {
      const w = spawnWriter(args, env(fx), options);
      writers.push(w);
      return w;
    };

    test('4 processes appending 250 events each give exactly 1,000 events and a valid chain', async () => {
      const fx = await make();
      const ws = ['w1', 'w2', 'w3', 'w4'].map((agent) => spawn(['append', fx.location, agent, '250'], fx));
      const exits = await Promise.all(ws.map((w) => w.exited));
      for (const x of exits) expect(x, x.stderr).toMatchObject({ code: 0 });
      await verifyExact(fx);
      const records: { agent: string; taskId?: string; id: string }[] = [];
      const store = fx.reopen();
      for await (const r of store.read()) records.push(r.event as never);
      await store.close();
      expect(records).toHaveLength(1000);
      for (const agent of ['w1', 'w2', 'w3', 'w4']) {
        const mine = records.filter((r) => r.agent === agent).map((r) => r.taskId);
        expect(mine).toEqual(Array.from({ length: 250 }, (_, i) => `${agent}-${i}`));
      }
      const acked = ws.flatMap((w) => w.acked).sort();
      expect(records.map((r) => r.id).sort()).toEqual(acked);
    }, 120_000);

    test(
      'a writer paused while it holds the lock keeps it: 3 others wait, and nothing acknowledged is overwritten',
      async () => {
        const fx = await make();
        const paused = spawn(['pause', fx.location, 'sleeper'], fx);
        await paused.waitFor(/^holding$/);
        paused.child.kill('SIGSTOP');
        const others = ['o1', 'o2', 'o3'].map((agent) => spawn(['append', fx.location, agent, '20'], fx));
        await new Promise((r) => setTimeout(r, PAUSE_MS));
        // While it is stopped, nobody got past it.
        expect(others.flatMap((w) => w.acked)).toEqual([]);
        paused.child.kill('SIGCONT');
        const exits = await Promise.all([paused, ...others].map((w) => w.exited));
        for (const x of exits) expect(x, x.stderr).toMatchObject({ code: 0 });
        const { ids, agents } = await readAll(fx);
        expect(ids[0]).toBe('sleeper-paused-id');
        expect(agents.filter((a) => a !== 'sleeper')).toHaveLength(60);
        expect(ids.slice().sort()).toEqual([...paused.acked, ...others.flatMap((w) => w.acked)].sort());
        await verifyExact(fx);
      },
      120_000 + PAUSE_MS,
    );

    test(
      'kill -9 in a loop mid-append: every acknowledged event is there, no batch is half there, verify is exact',
      async () => {
        const fx = await make();
        const acked: string[] = [];
        let before = new Set<string>();
        for (let round = 0; round < ROUNDS; round++) {
          const w = spawn(['append', fx.location, `victim${round}`, '1000', '40'], fx);
          await w.waitFor(/^ack /);
          await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 60)));
          w.child.kill('SIGKILL');
          await w.exited;
          acked.push(...w.acked);
          const { ids } = await readAll(fx);
          const present = new Set(ids);
          for (const id of acked) expect(present.has(id)).toBe(true);
          // Each append is 40 events: at most the one in flight at this kill is there
          // unacknowledged, and whole (earlier rounds' are counted in their own round).
          const mine = new Set(w.acked);
          const unacked = ids.filter((id) => !before.has(id) && !mine.has(id));
          expect([0, 40]).toContain(unacked.length);
          before = present;
          await verifyExact(fx);
        }
        const ledger = new Ledger(fx.reopen(), LADDER);
        const next = await ledger.record(
          [
            {
              type: 'RunCompleted',
              at: at(10 ** 8),
              agent: 'survivor',
              taskClass: 'c',
              tier: 'T0',
              outcome: 'success',
            },
          ],
          { now: NOW },
        );
        expect(next.records).toHaveLength(1);
        await ledger.close();
        await verifyExact(fx);
      },
      60_000 + ROUNDS * 15_000,
    );

    test('a writer killed while holding the write lock does not block the next append', async () => {
      const fx = await make();
      const ledger = new Ledger(fx.reopen(), LADDER);
      await ledger.record([{ type: 'ModelChanged', at: at(0), agent: 'a', from: 'm1', to: 'm2' }]);
      const holder = spawn(['hold', fx.location], fx);
      await holder.waitFor(/^holding$/);
      holder.child.kill('SIGKILL');
      await holder.exited;
      const started = Date.now();
      await ledger.record([{ type: 'ModelChanged', at: at(1), agent: 'a', from: 'm2', to: 'm3' }]);
      expect(Date.now() - started).toBeLessThan(5000);
      await ledger.close();
      await verifyExact(fx);
    }, 60_000);
  });
}

faultSuite(sqliteHarness(), () => ({}));

describe('sqlite database file damage and a full disk', () => {
  const fixtures: StoreFixture[] = [];
  afterEach(async () => {
    for (const f of fixtures.splice(0)) await f.cleanup();
  });
  const filled = async (events: number) => {
    const fx = await sqliteHarness().create();
    fixtures.push(fx);
    const ledger = new Ledger(fx.reopen(), LADDER);
    for (let i = 0; i < events; i += 100)
      await ledger.record(
        Array.from(
          { length: 100 },
          (_, j): InputEventDocument => ({
            type: 'RunCompleted',
            at: at(i + j),
            agent: `agent-${(i + j) % 7}`,
            taskClass: 'c',
            tier: 'T0',
            outcome: (i + j) % 13 === 0 ? 'rollback' : 'success',
          }),
        ),
      );
    await ledger.close();
    await fx.store.close(); // the last connection checkpoints the WAL into the file
    return fx;
  };
  // What verify makes of a damaged file: either it reports issues, or SQLite itself refuses it.
  const outcome = async (fx: StoreFixture): Promise<string> => {
    const store = fx.reopen();
    try {
      const report = await verifyStore(store, LADDER, { now: NOW });
      return report.ok ? 'ok' : 'issues';
    } catch (e) {
      return isLedgerError(e) ? e.code : 'crash';
    } finally {
      await store.close().catch(() => undefined);
    }
  };

  test('a database cut short is refused by verify or by SQLite', async () => {
    const fx = await filled(3000);
    const size = statSync(fx.location).size;
    for (const keep of [Math.floor(size / 2), size - 4096]) {
      truncateSync(fx.location, keep);
      expect(['issues', 'CORRUPT']).toContain(await outcome(fx));
    }
  }, 60_000);

  test('byte flips anywhere in the pages that hold events are refused by verify or by SQLite', async () => {
    const fx = await filled(2000);
    const size = statSync(fx.location).size;
    const fd = openSync(fx.location, 'r+');
    const original = Buffer.alloc(size);
    readSync(fd, original, 0, size, 0);
    const results: string[] = [];
    try {
      for (let i = 0; i < 40; i++) {
        // Past the header and schema pages, inside the data.
        const offset = 8192 + Math.floor(Math.random() * (size - 8192));
        const byte = original[offset] as number;
        writeSync(fd, Buffer.from([byte ^ (1 + Math.floor(Math.random() * 255))]), 0, 1, offset);
        const r = await outcome(fx);
        writeSync(fd, Buffer.from([byte]), 0, 1, offset);
        results.push(r === 'ok' ? `ok@${offset}` : r);
      }
    } finally {
      closeSync(fd);
    }
    // A flip in free space or slack is harmless; one in a row is always caught. Never a crash.
    expect(results.filter((r) => r === 'crash')).toEqual([]);
    expect(results.filter((r) => r !== 'issues' && r !== 'CORRUPT' && !r.startsWith('ok@')).length).toBe(0);
    expect(results.filter((r) => r === 'issues' || r === 'CORRUPT').length).toBeGreaterThan(0);
  }, 120_000);

  test('a full disk (a file-size limit) fails the append cleanly, and the log stays appendable', async () => {
    const fx = await sqliteHarness().create();
    fixtures.push(fx);
    const w = spawnWriter(['fill', fx.location, 'filler'], {}, { fileSizeLimitKb: 512 });
    await w.waitFor(/^failed /);
    const x = await w.exited;
    expect(x.code, x.stderr).toBe(0);
    expect(w.acked.length).toBeGreaterThan(0);
    const { ids } = await readAll(fx);
    expect(ids.sort()).toEqual([...w.acked].sort());
    const ledger = new Ledger(fx.reopen(), LADDER);
    const next = await ledger.record([
      { type: 'ModelChanged', at: at(10), agent: 'filler', from: 'a', to: 'b' },
    ]);
    expect(next.records.length).toBeGreaterThan(0);
    await ledger.close();
    await verifyExact(fx);
  }, 60_000);
});

const pg = await postgresForTests();
if (pg) {
  afterAll(() => pg.stop());
  const harness = postgresHarness(pg.url);
  // The writers need the fixture's table: the harness names it in the store.
  faultSuite(harness, (fx) => ({ LEDGER_TABLE: (fx.store as unknown as { table: string }).table }));
}
