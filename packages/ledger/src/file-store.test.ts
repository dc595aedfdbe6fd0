import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LedgerError } from './errors.js';
import { FileEventStore } from './file-store.js';
import { Ledger } from './ledger.js';
import { encodeBatch } from './record-codec.js';
import { all, rejection } from './testing/async.js';
import { success, successes } from './testing/events.js';
import { LADDER } from './testing/harness.js';
import { verifyStore } from './verify.js';

describe('file store: torn appends and damage', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trustladder-file-'));
    path = join(dir, 'ledger.jsonl');
    const ledger = new Ledger(new FileEventStore(path), LADDER);
    for (let i = 0; i < 3; i++) await ledger.record(successes(2, i * 2));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function expectRepairedOnNextAppend(tornBytes: Buffer): Promise<void> {
    const committed = readFileSync(path).subarray(0, readFileSync(path).length - tornBytes.length);
    const store = new FileEventStore(path);
    expect(await all(store.read())).toHaveLength(6);
    expect(store.torn).toEqual({ offset: committed.length, bytes: tornBytes.length });
    const report = await verifyStore(new FileEventStore(path), LADDER);
    expect(report.issues.map((i) => i.code)).toEqual(['torn_tail']);
    const r = await new Ledger(new FileEventStore(path), LADDER).record([success(100)]);
    expect(r.repaired).toEqual({
      offset: committed.length,
      bytes: tornBytes.length,
      savedTo: `ledger.jsonl.torn-${committed.length}`,
    });
    expect(r.records[0]?.seq).toBe(7);
    expect(readFileSync(join(dir, `ledger.jsonl.torn-${committed.length}`))).toEqual(tornBytes);
    expect(readFileSync(path).subarray(0, committed.length)).toEqual(committed);
    expect((await verifyStore(new FileEventStore(path), LADDER)).issues).toEqual([]);
  }

  test('a last line cut short is reported, skipped by reads, set aside by the next append; nothing before it is lost', async () => {
    const [rec] = encodeBatch({ seq: 6, hash: 'sha256:'.padEnd(71, '0') }, [
      { ...success(50), id: randomUUID() },
    ]);
    const torn = Buffer.from((rec as { line: string }).line.slice(0, 40));
    appendFileSync(path, torn);
    await expectRepairedOnNextAppend(torn);
  });

  test('a batch missing its last line is torn too: its first lines are never read as committed', async () => {
    const all6 = await all(new FileEventStore(path).read());
    const last = all6.at(-1);
    const batch = encodeBatch({ seq: last?.seq as number, hash: last?.hash as string }, [
      { ...success(60), id: randomUUID() },
      { ...success(61), id: randomUUID() },
      { ...success(62), id: randomUUID() },
    ]);
    const torn = Buffer.from(`${batch[0]?.line}\n${batch[1]?.line}\n`);
    appendFileSync(path, torn);
    await expectRepairedOnNextAppend(torn);
  });

  test('a complete but damaged last line is corruption, never cut off automatically', async () => {
    appendFileSync(path, '{"not":"an event"}\n');
    expect(((await rejection(all(new FileEventStore(path).read()))) as LedgerError).code).toBe('CORRUPT');
    const e = await rejection(new Ledger(new FileEventStore(path), LADDER).record([success(100)]));
    expect(e).toBeInstanceOf(LedgerError);
    expect((e as LedgerError).code).toBe('CORRUPT');
    expect(readFileSync(path, 'utf8').endsWith('{"not":"an event"}\n')).toBe(true);
  });

  test('a log cut shorter than a batch this process read is corruption', async () => {
    const store = new FileEventStore(path);
    await all(store.read());
    truncateSync(path, 10);
    expect(((await rejection(all(store.read()))) as LedgerError).code).toBe('CORRUPT');
  });

  test('an append waits for the lock and gives up with LOCK_TIMEOUT', async () => {
    const release = await lockfile.lock(path, { realpath: false, lockfilePath: `${path}.lock` });
    try {
      const store = new FileEventStore(path, { lockTimeoutMs: 300 });
      const e = await rejection(store.append(async () => [{ ...success(100), id: randomUUID() }]));
      expect((e as LedgerError).code).toBe('LOCK_TIMEOUT');
    } finally {
      await release();
    }
    expect(await all(new FileEventStore(path).read())).toHaveLength(6);
  });

  test('a new log in a new folder is created, and its first append is durable', async () => {
    const fresh = join(dir, 'sub', 'dir', 'new.jsonl');
    const r = await new Ledger(new FileEventStore(fresh), LADDER).record([success(0)]);
    expect(r.records[0]?.seq).toBe(1);
    expect(readFileSync(fresh, 'utf8')).toBe(`${r.records[0]?.line}\n`);
  });

  test('an empty file is an empty log', async () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    expect(await all(new FileEventStore(empty).read())).toEqual([]);
    expect((await verifyStore(new FileEventStore(empty), LADDER)).ok).toBe(true);
  });
});
