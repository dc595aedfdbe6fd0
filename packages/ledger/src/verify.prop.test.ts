import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { exportLog } from './interchange.js';
import { JsonlEventStore } from './jsonl-store.js';
import { Ledger } from './ledger.js';
import { SqliteEventStore } from './sqlite-store.js';
import { success, successes } from './testing/events.js';
import { LADDER } from './testing/harness.js';
import { verifyStore } from './verify.js';

// Any single-byte change anywhere in an exported log is caught by verify (offline).

const runs = Number(process.env.TRUSTLADDER_PROP_RUNS ?? 1000);
const seed = Number(process.env.TRUSTLADDER_PROP_SEED ?? 20261122);

let dir: string;
let original: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trustladder-verify-prop-'));
  const path = join(dir, 'ledger.jsonl');
  const ledger = new Ledger(new SqliteEventStore(join(dir, 'ledger.db')), LADDER);
  await ledger.record(successes(20, 0)); // a promotion
  await ledger.record([{ ...success(30, 'T1'), outcome: 'rollback' }]); // a demotion
  await ledger.record([
    { type: 'ModelChanged', at: '2026-03-02T00:00:00Z', agent: 'dev-e', from: 'a', to: 'b' },
  ]);
  await exportLog(ledger.store, path);
  await ledger.close();
  original = readFileSync(path);
  expect((await verifyStore(new JsonlEventStore(path), LADDER)).ok).toBe(true);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('any single-byte change in a stored log is caught by verify', async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 1, max: 255 }),
      async (position, delta) => {
        const index = position % original.length;
        const changed = Buffer.from(original);
        changed[index] = ((changed[index] as number) + delta) % 256;
        const path = join(dir, `mutant-${n++}.jsonl`);
        writeFileSync(path, changed);
        const report = await verifyStore(new JsonlEventStore(path), LADDER);
        rmSync(path, { force: true });
        expect(report.ok).toBe(false);
        expect(report.issues.length).toBeGreaterThan(0);
      },
    ),
    { numRuns: runs, seed },
  );
});
