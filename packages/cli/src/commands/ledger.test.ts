import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { validateAgainst } from '@trustladder/core';
import { EMPTY_HEAD, encodeBatch } from '@trustladder/ledger';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PostgresEventStore } from '../../../ledger/src/postgres-store.js';
import { postgresForTests } from '../../../ledger/src/testing/postgres-server.js';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';

const ROOT = join(import.meta.dirname, '../../../..');
const LADDER = join(ROOT, 'policies/trust-ladder.yaml');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trustladder-cli-ledger-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], stdin?: string) {
  const io = fakeIo({ ...(stdin === undefined ? {} : { stdin }), cwd: dir });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const t = (s: number) => new Date(Date.UTC(2026, 3, 1) + s * 1000).toISOString().replace('.000Z', 'Z');
const ev = (s: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'RunCompleted',
    at: t(s),
    agent: 'dev-e',
    taskClass: 'docs-update',
    tier: 'T0',
    outcome: 'success',
    ...extra,
  });
const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => ev(from + i)).join('\n');

function ledgerArgs(sub: string, log = 'ledger.db') {
  return ['ledger', sub, '--ladder', LADDER, '--log', log];
}

async function eventCount(log = 'ledger.db'): Promise<number> {
  return JSON.parse((await run([...ledgerArgs('verify', log), '--json'])).out).events;
}

describe('trustladder ledger (SQLite, the default)', () => {
  test('record takes one event file, then JSON lines on stdin, and prints the promotion', async () => {
    writeFileSync(join(dir, 'event.json'), `${JSON.stringify(JSON.parse(ev(0)), null, 2)}\n`);
    const one = await run([...ledgerArgs('record'), 'event.json']);
    expect(one).toMatchObject({ code: 0, err: '' });
    expect(one.out).toBe('recorded 1 event(s), seq 1..1\n');
    const many = await run([...ledgerArgs('record'), '-'], `${lines(1, 19)}\n`);
    expect(many.code).toBe(0);
    expect(many.out).toBe('recorded 20 event(s), seq 2..21\n  promoted dev-e docs-update T0 -> T1\n');
  });

  test('status --json prints exactly the documented shape', async () => {
    await run([...ledgerArgs('record'), '-'], lines(0, 23));
    await run([...ledgerArgs('record'), '-'], ev(30, { agent: 'review-e', outcome: 'rollback' }));
    const r = await run([...ledgerArgs('status'), '--at', '2026-05-01T00:00:00Z', '--json']);
    expect(r.code).toBe(0);
    const status = JSON.parse(r.out);
    expect(validateAgainst('ledger-status', status)).toEqual([]);
    expect(status).toEqual({
      at: '2026-05-01T00:00:00Z',
      subjects: [
        {
          agent: 'dev-e',
          taskClass: 'docs-update',
          ceiling: 'T1',
          streak: 0,
          cooldownUntil: null,
          violations: 0,
          quarantined: null,
          runs: 23,
          observedRunsLeft: 0,
        },
        {
          agent: 'review-e',
          taskClass: 'docs-update',
          ceiling: 'T0',
          streak: 0,
          cooldownUntil: '2026-05-01T00:00:30Z',
          violations: 0,
          quarantined: null,
          runs: 1,
          observedRunsLeft: 19,
        },
      ],
    });
    const before = JSON.parse((await run([...ledgerArgs('status'), '--at', t(18), '--json'])).out);
    expect(before.subjects).toEqual([expect.objectContaining({ ceiling: 'T0', streak: 19 })]);
    const human = await run(ledgerArgs('status'));
    expect(human.out).toMatch(/^as of .*\nAGENT +TASK CLASS +CEILING/);
  });

  test('an invalid event among valid ones appends none, with one line naming the input line and pointer', async () => {
    const r = await run([...ledgerArgs('record'), '-'], [ev(0), ev(1, { tier: 'T7' }), ev(2)].join('\n'));
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('<stdin>:2:1 /1/tier: must be one of');
    const status = await run(ledgerArgs('status'));
    expect(status.code).toBe(2); // nothing was written: there is no ledger yet
  });

  test('an older event is refused, the batch appends nothing', async () => {
    await run([...ledgerArgs('record'), '-'], ev(100));
    const r = await run([...ledgerArgs('record'), '-'], [ev(101), ev(50)].join('\n'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/older than the ledger's newest/);
    expect(await eventCount()).toBe(1);
  });

  test('a run above the ceiling is recorded, flagged, and exits 1', async () => {
    const r = await run([...ledgerArgs('record'), '-'], ev(0, { tier: 'T2' }));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^violation: dev-e ran docs-update at T2 above its ceiling T0/);
    expect(JSON.parse((await run([...ledgerArgs('status'), '--json'])).out).subjects[0].violations).toBe(1);
  });

  test('verify passes an intact log and names the line of a tampered one (exit 1)', async () => {
    await run([...ledgerArgs('record'), '-'], lines(0, 25));
    const ok = await run(ledgerArgs('verify'));
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(
      /^ok: 26 events, chain, derived events and projection intact; head 26:sha256:[0-9a-f]{64}\n$/,
    );
    const db = new DatabaseSync(join(dir, 'ledger.db'));
    db.exec(`UPDATE events SET line = replace(line, '"success"', '"rollback"') WHERE seq = 5`);
    db.close();
    const bad = await run(ledgerArgs('verify'));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('seq 5: hash_mismatch');
    // A replay (status --at) refuses it too; the plain status reads the projection, which verify checks.
    const status = await run([...ledgerArgs('status'), '--at', t(100)]);
    expect(status.code).toBe(1);
    expect(status.err.trim().split('\n')).toHaveLength(1);
  });

  test('audit --agent --since 90d --json lists the changes with their causes', async () => {
    await run([...ledgerArgs('record'), '-'], lines(0, 20));
    await run([...ledgerArgs('record'), '-'], ev(100, { tier: 'T1', outcome: 'rollback' }));
    const r = await run([
      ...ledgerArgs('audit'),
      '--agent',
      'dev-e',
      '--since',
      '90d',
      '--until',
      '2026-06-01T00:00:00Z',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({
      agent: 'dev-e',
      since: '2026-03-03T00:00:00Z',
      until: '2026-06-01T00:00:00Z',
    });
    expect(
      report.changes.map((c: { kind: string; from: string; to: string }) => [c.kind, c.from, c.to]),
    ).toEqual([
      ['promoted', 'T0', 'T1'],
      ['demoted', 'T1', 'T0'],
    ]);
    expect(report.changes[0].streak).toHaveLength(20);
    expect(report.changes[1].cause).toMatchObject({ type: 'RunCompleted', outcome: 'rollback' });
    const late = await run([
      ...ledgerArgs('audit'),
      '--since',
      '2026-04-01T00:01:00Z',
      '--until',
      '2026-06-01T00:00:00Z',
    ]);
    expect(late.out).toMatch(/demoted T1 -> T0/);
    expect(late.out).not.toMatch(/promoted/);
  });

  test('usage errors exit 2', async () => {
    expect((await run(['ledger'])).code).toBe(2);
    expect((await run(['ledger', 'frobnicate'])).code).toBe(2);
    expect((await run(['ledger', 'status', '--log', 'x.db'])).code).toBe(2);
    expect((await run([...ledgerArgs('verify'), '--expect-head', '3:abc'])).code).toBe(2);
    expect((await run([...ledgerArgs('record'), '--max-skew', '5m', '-'], ev(0))).code).toBe(2);
    expect((await run([...ledgerArgs('status'), '--at', 'yesterday'])).code).toBe(2);
    expect(
      (await run([...ledgerArgs('record'), '--log', 'https://example.invalid/x', '-'], ev(0))).code,
    ).toBe(2);
  });
});

describe('time, anchors, limits and interchange', () => {
  test('an event from the future is refused with one line naming it; nothing is written', async () => {
    await run([...ledgerArgs('record'), '-'], ev(0));
    const r = await run(
      [...ledgerArgs('record'), '-'],
      [ev(1), JSON.stringify({ ...JSON.parse(ev(2)), at: '2999-01-01T00:00:00Z' })].join('\n'),
    );
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/\/1\/at: 2999-01-01T00:00:00Z is ahead of the clock/);
    expect(await eventCount()).toBe(1);
    // --now replays a log written at another time.
    expect((await run([...ledgerArgs('record'), '--now', '2999-01-01T00:00:00Z', '-'], ev(3))).code).toBe(0);
  });

  test('verify --expect-head passes on the head it printed and fails once history is cut', async () => {
    await run([...ledgerArgs('record'), '-'], lines(0, 5));
    const head = /head (\d+:sha256:[0-9a-f]{64})/.exec((await run(ledgerArgs('verify'))).out)?.[1] as string;
    await run([...ledgerArgs('record'), '-'], lines(5, 3));
    expect((await run([...ledgerArgs('verify'), '--expect-head', head])).code).toBe(0);
    const db = new DatabaseSync(join(dir, 'ledger.db'));
    db.exec('DELETE FROM events WHERE seq >= 5');
    db.close();
    const cut = await run([...ledgerArgs('verify'), '--expect-head', head]);
    expect(cut.code).toBe(1);
    expect(cut.out).toContain('head_mismatch');
  });

  test('standard input beyond the total cap is refused before it is held, and nothing is written', async () => {
    const big = `${ev(0)}\n`.repeat(Math.ceil((64 * 1024 * 1024) / ev(0).length) + 10);
    const r = await run([...ledgerArgs('record'), '-'], big);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/larger than/);
    expect(existsSync(join(dir, 'ledger.db'))).toBe(false);
  });

  test('export writes JSON lines that verify offline, import loads them into a new ledger, record refuses a JSON-lines log', async () => {
    await run([...ledgerArgs('record'), '-'], lines(0, 21));
    const exported = await run([...ledgerArgs('export'), '--out', 'log.jsonl']);
    expect(exported.code).toBe(0);
    expect((await run(ledgerArgs('verify', 'log.jsonl'))).code).toBe(0);
    const imported = await run([
      'ledger',
      'import',
      '--ladder',
      LADDER,
      '--from',
      'log.jsonl',
      '--log',
      'copy.db',
    ]);
    expect(imported).toMatchObject({ code: 0, err: '' });
    const a = JSON.parse((await run([...ledgerArgs('status'), '--json'])).out).subjects;
    const b = JSON.parse((await run([...ledgerArgs('status', 'copy.db'), '--json'])).out).subjects;
    expect(b).toEqual(a);
    const refused = await run([...ledgerArgs('record', 'log.jsonl'), '-'], ev(100));
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/read-only/);
    const text = readFileSync(join(dir, 'log.jsonl'), 'utf8');
    writeFileSync(join(dir, 'cut.jsonl'), text.slice(0, -2));
    const torn = await run([
      'ledger',
      'import',
      '--ladder',
      LADDER,
      '--from',
      'cut.jsonl',
      '--log',
      'torn.db',
    ]);
    expect(torn.code).toBe(1);
    expect(torn.err).toMatch(/torn_tail/);
    expect(existsSync(join(dir, 'torn.db'))).toBe(false);
  });

  test('checkpoint prints the head as an in-toto statement', async () => {
    await run([...ledgerArgs('record'), '-'], lines(0, 3));
    const statement = JSON.parse((await run(ledgerArgs('checkpoint'))).out);
    const head = /head (\d+):(sha256:([0-9a-f]{64}))/.exec((await run(ledgerArgs('verify'))).out);
    expect(statement).toMatchObject({
      _type: 'https://in-toto.io/Statement/v1',
      predicateType: 'https://trustladder.dev/attestations/ledger-checkpoint/v1',
      subject: [{ digest: { sha256: head?.[3] } }],
      predicate: { seq: Number(head?.[1]), hash: head?.[2] },
    });
  });
});

const pg = await postgresForTests();
describe.skipIf(!pg)('trustladder ledger (postgres://)', () => {
  afterAll(() => pg?.stop());
  test('record, status and verify work on a PostgreSQL log', async () => {
    // A database of its own: the CLI writes the default table, and the server may be shared.
    const admin = new PostgresEventStore(pg?.url as string);
    const db = `cli_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    await admin.query(`CREATE DATABASE ${db}`);
    await admin.close();
    const u = new URL(pg?.url as string);
    u.pathname = `/${db}`;
    const url = u.toString();
    expect((await run([...ledgerArgs('record', url), '-'], lines(0, 20))).code).toBe(0);
    const status = JSON.parse((await run([...ledgerArgs('status', url), '--json'])).out);
    expect(status.subjects).toEqual([expect.objectContaining({ agent: 'dev-e', ceiling: 'T1' })]);
    expect((await run(ledgerArgs('verify', url))).code).toBe(0);
  });
});

describe('a log whose derived events the rules do not produce', () => {
  // The hash chain is intact (every line is properly encoded), but the promotion was never
  // earned: one success cannot promote. status, audit and dispatch must refuse to decide on it.
  function forgedLog(): string {
    const records = encodeBatch(EMPTY_HEAD, [
      { id: 'run-1', ...JSON.parse(ev(0)) },
      {
        id: 'promo-1',
        type: 'CeilingPromoted',
        at: t(0),
        agent: 'dev-e',
        taskClass: 'docs-update',
        from: 'T0',
        to: 'T1',
        cause: 'run-1',
      },
    ]);
    const log = join(dir, 'forged.jsonl');
    writeFileSync(log, `${records.map((r) => r.line).join('\n')}\n`);
    return log;
  }

  test.each([
    [
      'ledger status --at',
      (log: string) => [...ledgerArgs('status', log), '--at', '2026-04-02T00:00:00Z'],
      /^trustladder ledger: .*forged\.jsonl seq 2: .*run `trustladder ledger verify`$/,
    ],
    [
      'ledger status',
      (log: string) => ledgerArgs('status', log),
      /^trustladder ledger: .*forged\.jsonl seq 2: .*run `trustladder ledger verify`$/,
    ],
    [
      'ledger audit',
      (log: string) => ledgerArgs('audit', log),
      /^trustladder ledger: .*forged\.jsonl seq 2: .*run `trustladder ledger verify`$/,
    ],
    [
      'dispatch check',
      (log: string) => [
        'dispatch',
        'check',
        '--task',
        join(ROOT, 'examples/ledger/tasks/docs-fix.yaml'),
        '--agent',
        'dev-e',
        '--ladder',
        LADDER,
        '--log',
        log,
      ],
      /^trustladder dispatch: .*forged\.jsonl seq 2: .*run `trustladder ledger verify`$/,
    ],
  ])('%s exits 1 with one line naming the log and the seq', async (_, args, message) => {
    const r = await run(args(forgedLog()));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.trim()).toMatch(message);
  });
});
