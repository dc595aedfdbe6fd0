import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  foldRemediation,
  foldTrustLevels,
  type LedgerEvent,
  loadRemediationLadder,
  remediationLadderView,
  trustLevelView,
  validateAgainst,
} from '@trustladder/core';
import { combineLadderViews, type LadderView } from '@trustladder/k8s';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';
import { ledgerLadderViews } from './remediation-context.js';

const ROOT = join(import.meta.dirname, '../../../..');
const LADDER = join(ROOT, 'policies/remediation-ladder.yaml');
const TRUST_LADDER = join(ROOT, 'policies/trust-ladder.yaml');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trustladder-cli-remediation-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], stdin?: string) {
  const io = fakeIo({ ...(stdin === undefined ? {} : { stdin }), cwd: dir });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const base = ['--remediation-ladder', LADDER, '--log', 'ledger.db'];

function req(over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    requestId: 'rr-1',
    at: '2026-05-01T10:00:00Z',
    fingerprint: 'fp-crashloop-api',
    workflow: 'restart-pod-v1',
    target: { kind: 'Deployment', name: 'api', namespace: 'payments' },
    environment: 'production',
    confidence: 0.92,
    alignment: 'aligned',
    ...over,
  });
}

async function submit(over: Record<string, unknown> = {}) {
  const r = await run(['remediation', 'request', ...base, '-', '--json'], req(over));
  return { ...r, result: r.out ? JSON.parse(r.out) : undefined };
}

describe('remediation request', () => {
  test('a production restart at approve awaits approval with the namespace expiry (exit 1)', async () => {
    const r = await submit();
    expect(r.code).toBe(1);
    expect(r.result).toMatchObject({
      outcome: 'AwaitingApproval',
      level: 'approve',
      scope: 'restart-pod-v1',
      expiresAt: '2026-05-01T10:30:00Z',
    });
    expect(r.result.approval.requireApproval).toBe(true);
    expect(validateAgainst('remediation-decision', r.result)).toEqual([]);
  });

  test('staging restarts execute (exit 0); an unknown workflow dry-runs, then its fingerprint is suppressed', async () => {
    expect((await submit({ environment: 'staging' })).code).toBe(0);
    const dry = await submit({
      requestId: 'rr-2',
      workflow: 'new-thing-v1',
      fingerprint: 'fp-2',
      at: '2026-05-01T10:01:00Z',
    });
    expect(dry.result).toMatchObject({ outcome: 'DryRun', suppressedUntil: '2026-05-01T11:01:00Z' });
    const held = await submit({
      requestId: 'rr-3',
      fingerprint: 'fp-2',
      environment: 'staging',
      at: '2026-05-01T10:30:00Z',
    });
    expect(held.result.outcome).toBe('Suppressed');
  });

  test('a missing alignment verdict requires manual review', async () => {
    const r = await run(
      ['remediation', 'request', ...base, '-', '--json'],
      JSON.stringify({ ...JSON.parse(req()), alignment: undefined }),
    );
    expect(JSON.parse(r.out).outcome).toBe('ManualReviewRequired');
  });

  test('a bad request is exit 2 with one line naming the pointer; a duplicate id too', async () => {
    const bad = await run(['remediation', 'request', ...base, '-'], req({ confidence: 1.5 }));
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toContain('/confidence');
    await submit();
    const dup = await run(['remediation', 'request', ...base, '-'], req({ at: '2026-05-01T10:01:00Z' }));
    expect(dup.code).toBe(2);
  });
});

describe('approve, reject, expire', () => {
  test('approve records the approver and the override; a second decision is refused (exit 1)', async () => {
    await submit();
    writeFileSync(
      join(dir, 'override.yaml'),
      'workflow: crashloop-rollback-v1\nparameters: { revision: "41" }\n',
    );
    const a = await run([
      'remediation',
      'approve',
      ...base,
      '--request',
      'rr-1',
      '--by',
      'alice',
      '--override',
      'override.yaml',
      '--at',
      '2026-05-01T10:05:00Z',
      '--json',
    ]);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out)).toMatchObject({
      decision: 'Approved',
      by: 'alice',
      override: { workflow: 'crashloop-rollback-v1' },
    });
    const again = await run([
      'remediation',
      'reject',
      ...base,
      '--request',
      'rr-1',
      '--by',
      'bob',
      '--at',
      '2026-05-01T10:06:00Z',
    ]);
    expect(again.code).toBe(1);
  });

  test('an expired request cannot be approved; expire records it once', async () => {
    await submit();
    const late = await run([
      'remediation',
      'approve',
      ...base,
      '--request',
      'rr-1',
      '--by',
      'alice',
      '--at',
      '2026-05-01T10:30:00Z',
    ]);
    expect(late.code).toBe(1);
    const e = await run(['remediation', 'expire', ...base, '--at', '2026-05-01T10:31:00Z', '--json']);
    expect(JSON.parse(e.out).expired).toEqual([{ requestId: 'rr-1', expiresAt: '2026-05-01T10:30:00Z' }]);
    const e2 = await run(['remediation', 'expire', ...base, '--at', '2026-05-01T10:32:00Z', '--json']);
    expect(JSON.parse(e2.out).expired).toEqual([]);
  });

  test('an override to a workflow at observe is refused (exit 1)', async () => {
    await submit();
    writeFileSync(join(dir, 'drain.yaml'), 'workflow: drain-node-v1\n');
    const r = await run([
      'remediation',
      'approve',
      ...base,
      '--request',
      'rr-1',
      '--by',
      'alice',
      '--override',
      'drain.yaml',
      '--at',
      '2026-05-01T10:01:00Z',
    ]);
    expect(r.code).toBe(1);
  });

  test('the pipeline cannot approve its own request', async () => {
    await submit();
    const r = await run([
      'remediation',
      'approve',
      ...base,
      '--request',
      'rr-1',
      '--by',
      'kubernaut',
      '--at',
      '2026-05-01T10:01:00Z',
    ]);
    expect(r.code).toBe(1);
  });

  test('an unknown request is exit 2', async () => {
    const r = await run([
      'remediation',
      'approve',
      ...base,
      '--request',
      'nope',
      '--by',
      'alice',
      '--at',
      '2026-05-01T10:01:00Z',
    ]);
    expect(r.code).toBe(2);
  });
});

describe('graduation, moves, and the shared ledger', () => {
  test('moves are recorded events, the report reads the history, and ledger verify accepts it all', async () => {
    for (let i = 0; i < 3; i++) {
      const at = `2026-05-0${i + 1}T10:00:00Z`;
      await submit({ requestId: `a${i}`, fingerprint: `f${i}`, at });
      expect(
        (
          await run([
            'remediation',
            'approve',
            ...base,
            '--request',
            `a${i}`,
            '--by',
            'alice',
            '--at',
            `2026-05-0${i + 1}T10:01:00Z`,
          ])
        ).code,
      ).toBe(0);
      expect(
        (
          await run([
            'remediation',
            'assess',
            ...base,
            '--request',
            `a${i}`,
            '--score',
            '0.95',
            '--at',
            `2026-05-0${i + 1}T11:00:00Z`,
          ])
        ).code,
      ).toBe(0);
    }
    const g = await run(['remediation', 'graduation', ...base, '--json']);
    expect(validateAgainst('remediation-graduation', JSON.parse(g.out))).toEqual([]);
    const line = JSON.parse(g.out).entries.find((e: { scope: string }) => e.scope === 'restart-pod-v1');
    expect(line).toMatchObject({ recommendation: 'stay', evidence: { approvals: 3, assessments: 3 } });
    const m = await run([
      'remediation',
      'move',
      ...base,
      '--workflow',
      'restart-pod-v1',
      '--to',
      'automate',
      '--by',
      'alice',
      '--reason',
      'three clean approvals',
      '--at',
      '2026-05-04T00:00:00Z',
    ]);
    expect(m.code).toBe(0);
    expect(
      (await submit({ requestId: 'b1', fingerprint: 'fb', at: '2026-05-04T01:00:00Z' })).result.outcome,
    ).toBe('Execute');
    const same = await run([
      'remediation',
      'move',
      ...base,
      '--workflow',
      'restart-pod-v1',
      '--to',
      'automate',
      '--by',
      'alice',
      '--reason',
      'x',
      '--at',
      '2026-05-04T02:00:00Z',
    ]);
    expect(same.code).toBe(2);
    const v = await run(['ledger', 'verify', '--ladder', TRUST_LADDER, '--log', 'ledger.db']);
    expect(v.code).toBe(0);
    const s = await run(['ledger', 'status', '--ladder', TRUST_LADDER, '--log', 'ledger.db', '--json']);
    expect(JSON.parse(s.out).subjects).toEqual([]);
  });

  test('an event older than the log is refused (exit 2)', async () => {
    await submit({ at: '2026-05-02T00:00:00Z' });
    expect((await submit({ requestId: 'old', fingerprint: 'x', at: '2026-05-01T00:00:00Z' })).code).toBe(2);
  });

  test('an unknown subcommand is a usage error', async () => {
    expect((await run(['remediation', 'nope'])).code).toBe(2);
  });
});

describe('the remediation projection', () => {
  test('the commands keep the fold in the ledger; ledger verify fails (exit 1) when the row is changed', async () => {
    expect((await submit({ environment: 'staging' })).code).toBe(0);
    expect((await submit({ requestId: 'rr-2', at: '2026-05-01T10:01:00Z' })).code).toBe(1);
    const verify = [
      'ledger',
      'verify',
      '--ladder',
      TRUST_LADDER,
      '--log',
      'ledger.db',
      '--now',
      '2026-05-02T00:00:00Z',
    ];
    expect((await run(verify)).code).toBe(0);
    const db = new DatabaseSync(join(dir, 'ledger.db'));
    const row = db.prepare("SELECT key, value FROM projection_records WHERE kind = 'remediation'").get() as {
      key: string;
      value: string;
    };
    expect(JSON.parse(row.value).head.seq).toBe(2);
    db.prepare("UPDATE projection_records SET value = ? WHERE kind = 'remediation'").run(
      row.value.replace('"outcome":"AwaitingApproval"', '"outcome":"Execute"'),
    );
    db.close();
    const r = await run(verify);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /projection_mismatch: the remediation projection .* differs from the fold of the log up to seq 2/,
    );
  });
});

describe('the observer seam', () => {
  test('the remediation and trust-level views are LadderViews the observer can combine', async () => {
    const ladder = loadRemediationLadder(readFileSync(LADDER, 'utf8'));
    const events: LedgerEvent[] = [
      {
        type: 'TrustLevelSet',
        agent: 'dorgu',
        at: '2026-05-01T00:00:00Z',
        application: 'api',
        environment: 'payments',
        level: 2,
        by: 'alice',
        reason: 'r',
      },
    ];
    const views: LadderView[] = [
      remediationLadderView(foldRemediation(ladder, events)),
      trustLevelView(foldTrustLevels(events), { agent: 'dorgu' }),
    ];
    const v = await combineLadderViews(...views).verdict({
      namespace: 'payments',
      tier: 'T3',
      workload: { kind: 'Deployment', name: 'api' },
    });
    expect(v).toMatchObject({ remediationLevel: 'automate', trustLevel: 2 });
  });

  test('ledgerLadderViews reads both views from a ledger', async () => {
    await submit({ target: { kind: 'Deployment', name: 'api', namespace: 'payments' } });
    const io = fakeIo({ cwd: dir });
    const views: LadderView[] = await ledgerLadderViews(
      { log: 'ledger.db', ladder: LADDER, trustAgent: 'dorgu' },
      io,
    );
    const v = await combineLadderViews(...views).verdict({ namespace: 'payments', tier: 'T3' });
    expect(v.trustLevel).toBe(0);
    expect(v.notes).toContain('remediation: 1 approval request(s) open in payments');
  });
});
