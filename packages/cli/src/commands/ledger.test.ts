import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

function ledgerArgs(sub: string, log = 'ledger.jsonl') {
  return ['ledger', sub, '--ladder', LADDER, '--log', log];
}

describe('trustladder ledger (file)', () => {
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
        },
        {
          agent: 'review-e',
          taskClass: 'docs-update',
          ceiling: 'T0',
          streak: 0,
          cooldownUntil: '2026-05-01T00:00:30Z',
          violations: 0,
          quarantined: null,
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
    expect(readFileSync(join(dir, 'ledger.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
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
      /^ok: 26 events, chain and derived events intact; head seq 26 sha256:[0-9a-f]{64}\n$/,
    );
    const path = join(dir, 'ledger.jsonl');
    const text = readFileSync(path, 'utf8').split('\n');
    text[4] = (text[4] as string).replace('"success"', '"rollback"');
    writeFileSync(path, text.join('\n'));
    const bad = await run(ledgerArgs('verify'));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('line 5: hash_mismatch');
    const status = await run(ledgerArgs('status'));
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
    expect((await run(['ledger', 'status', '--log', 'x.jsonl'])).code).toBe(2);
    expect((await run([...ledgerArgs('status'), '--at', 'yesterday'])).code).toBe(2);
    expect(
      (await run([...ledgerArgs('record'), '--log', 'https://example.invalid/x', '-'], ev(0))).code,
    ).toBe(2);
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
