import { randomUUID } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LedgerError } from './errors.js';
import { exportLog, importLog } from './interchange.js';
import { JsonlEventStore } from './jsonl-store.js';
import { Ledger } from './ledger.js';
import { isJsonLines, openStore } from './open-store.js';
import { encodeBatch } from './record-codec.js';
import { SqliteEventStore } from './sqlite-store.js';
import { all, rejection } from './testing/async.js';
import { at, success, successes } from './testing/events.js';
import { LADDER } from './testing/harness.js';
import { verifyStore } from './verify.js';

const NOW = at(10 ** 6);

describe('JSON lines: the interchange format', () => {
  let dir: string;
  let db: string;
  let path: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trustladder-jsonl-'));
    db = join(dir, 'ledger.db');
    path = join(dir, 'export.jsonl');
    const ledger = new Ledger(new SqliteEventStore(db), LADDER);
    for (let i = 0; i < 3; i++) await ledger.record(successes(2, i * 2), { now: NOW });
    await ledger.record([{ ...success(10), outcome: 'rollback' }], { now: NOW });
    await ledger.close();
    await exportLog(new SqliteEventStore(db), path);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const codes = async (p: string) =>
    (await verifyStore(new JsonlEventStore(p), LADDER, { now: NOW })).issues.map((i) => i.code);

  test('an export holds the stored lines, verifies offline with the same head, and imports into a new ledger', async () => {
    const source = new SqliteEventStore(db);
    const lines = (await all(source.read())).map((r) => r.line);
    expect(readFileSync(path, 'utf8')).toBe(`${lines.join('\n')}\n`);
    const report = await verifyStore(new JsonlEventStore(path), LADDER, { now: NOW });
    expect(report).toMatchObject({ ok: true, events: 7, head: await source.head() });
    const copy = new SqliteEventStore(join(dir, 'copy.db'));
    await importLog(new JsonlEventStore(path), copy, LADDER, { now: NOW });
    expect((await all(copy.read())).map((r) => r.line)).toEqual(lines);
    const a = await new Ledger(copy, LADDER).projection();
    const b = await new Ledger(source, LADDER).projection();
    expect(a.source).toBe('stored');
    expect(a.projection.states()).toEqual(b.projection.states());
    expect((await verifyStore(copy, LADDER, { now: NOW })).issues).toEqual([]);
  });

  test('export never overwrites a file, and --upto must end a batch', async () => {
    expect(((await rejection(exportLog(new SqliteEventStore(db), path))) as LedgerError).code).toBe(
      'UNAVAILABLE',
    );
    const cut = join(dir, 'cut.jsonl');
    expect(
      ((await rejection(exportLog(new SqliteEventStore(db), cut, { uptoSeq: 3 }))) as LedgerError).code,
    ).toBe('INVALID_LOCATION');
    expect(existsSync(cut)).toBe(false);
    expect(await exportLog(new SqliteEventStore(db), cut, { uptoSeq: 4 })).toMatchObject({ events: 4 });
    expect(await codes(cut)).toEqual([]);
  });

  test('a JSON-lines log is never appended to: READ_ONLY, and the file is unchanged', async () => {
    const before = readFileSync(path);
    const e = await rejection(new Ledger(openStore(path), LADDER).record([success(100)], { now: NOW }));
    expect(e).toBeInstanceOf(LedgerError);
    expect((e as LedgerError).code).toBe('READ_ONLY');
    expect(readFileSync(path)).toEqual(before);
    expect(isJsonLines(path)).toBe(true);
    expect(isJsonLines(db)).toBe(false);
    const renamed = join(dir, 'old-log');
    writeFileSync(renamed, before);
    expect(openStore(renamed).kind).toBe('jsonl');
  });

  test('a last line cut short is a torn tail: reported by verify, never read, and import refuses it', async () => {
    const size = readFileSync(path).length;
    truncateSync(path, size - 1);
    const store = new JsonlEventStore(path);
    const read = await all(store.read());
    expect(read.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.torn).toMatchObject({ line: 7 });
    expect(await codes(path)).toEqual(['torn_tail']);
    const target = new SqliteEventStore(join(dir, 'target.db'));
    expect(
      ((await rejection(importLog(new JsonlEventStore(path), target, LADDER, { now: NOW }))) as LedgerError)
        .code,
    ).toBe('CORRUPT');
    expect(await target.head()).toMatchObject({ seq: 0 });
  });

  test('a batch missing its last line is torn too: its first lines are never read as committed', async () => {
    const head = await new JsonlEventStore(path).head();
    const batch = encodeBatch(head, [
      { ...success(60), id: randomUUID() },
      { ...success(61), id: randomUUID() },
    ]);
    appendFileSync(path, `${batch[0]?.line}\n`);
    expect((await all(new JsonlEventStore(path).read())).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await codes(path)).toEqual(['torn_tail']);
  });

  test('a complete but damaged last line is corruption, named by line', async () => {
    appendFileSync(path, '{"not":"an event"}\n');
    const e = (await rejection(all(new JsonlEventStore(path).read()))) as LedgerError;
    expect(e.code).toBe('CORRUPT');
    expect(e.position).toBe(8);
    expect(await codes(path)).toContain('malformed');
  });

  test('an import into a ledger that is not empty loads nothing', async () => {
    const e = await rejection(
      importLog(new JsonlEventStore(path), new SqliteEventStore(db), LADDER, { now: NOW }),
    );
    expect((e as LedgerError).code).toBe('CORRUPT');
    expect((await new SqliteEventStore(db).head()).seq).toBe(7);
  });

  test('an empty file is an empty log', async () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    expect(await all(new JsonlEventStore(empty).read())).toEqual([]);
    expect((await verifyStore(new JsonlEventStore(empty), LADDER)).ok).toBe(true);
  });
});
