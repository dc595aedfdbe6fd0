import type { InputEventDocument } from '@trustladder/core';
import { afterEach, expect, test } from 'vitest';
import { Ledger } from './ledger.js';
import { at } from './testing/events.js';
import { LADDER, type StoreFixture, sqliteHarness } from './testing/harness.js';
import { verifyStore } from './verify.js';

// One record call with a very large batch: every read path (projection, replay, audit, verify)
// must stream it, never spread it into a call (which overflows the stack past ~120k elements).
// The default run uses 5,000 events; TRUSTLADDER_LONG=1 uses 200,000.
const N = process.env.TRUSTLADDER_LONG === '1' ? 200_000 : 5_000;

const fixtures: StoreFixture[] = [];
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.cleanup();
});

test(`a batch of ${N} events recorded in one call is read back by status, replay, audit and verify`, async () => {
  const fx = await sqliteHarness().create();
  fixtures.push(fx);
  const ledger = new Ledger(fx.store, LADDER);
  const events = Array.from(
    { length: N },
    (_, i): InputEventDocument => ({
      type: 'RunCompleted',
      at: at(Math.floor(i / 100)),
      agent: `agent-${i % 10}`,
      taskClass: 'bulk',
      tier: 'T0',
      outcome: i % 1000 === 999 ? 'rollback' : 'human-rework',
    }),
  );
  const r = await ledger.record(events, { now: at(N) });
  expect(r.records).toHaveLength(N);
  const reader = new Ledger(fx.reopen(), LADDER);
  const view = await reader.projection();
  expect(view.source).toBe('stored');
  expect(view.projection.states()).toHaveLength(10);
  const replayed = await reader.replay({ until: at(N) });
  expect(replayed.projection.states()).toEqual(view.projection.states());
  const audit = await reader.audit({ since: at(0), until: at(N) });
  expect(audit.changes).toEqual([]);
  const report = await verifyStore(fx.reopen(), LADDER, { now: at(N) });
  expect(report).toMatchObject({ ok: true, events: N });
}, 600_000);
