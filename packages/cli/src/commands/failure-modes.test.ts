import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { validateAgainst, validateEvent } from '@trustladder/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';

// The failure modes end to end through the CLI, on examples/failure-modes, into a SQLite
// ledger: every command's exit codes, the events it records, and their place in the audit.

const ROOT = join(import.meta.dirname, '../../../..');
const EX = 'examples/failure-modes';
const LADDER = ['--ladder', 'policies/trust-ladder.yaml'];
let dir: string;

async function run(args: string[], stdin?: string) {
  const io = fakeIo({ cwd: ROOT, ...(stdin === undefined ? {} : { stdin }) });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}
const fresh = (name: string) => ['--log', join(dir, `${name}.db`), ...LADDER];
async function signals(name: string) {
  const r = await run(['ledger', 'audit', ...fresh(name), '--until', '2026-12-31T00:00:00Z', '--json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.out).signals as Array<Record<string, unknown>>;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trustladder-failure-modes-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reconcile', () => {
  test('records one ClassificationDisagreed per changed task and exits 1 on an underclassified one', async () => {
    const at = ['--at', '2026-11-30T06:00:00Z', '--now', '2026-11-30T06:00:00Z'];
    const r = await run(['reconcile', '--tasks', `${EX}/tasks`, ...fresh('reconcile'), ...at, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out);
    expect(out.tasks).toBe(3);
    expect(out.disagreements.map((d: { task: string; direction: string }) => [d.task, d.direction])).toEqual([
      ['task-2026-1102', 'under'],
      ['task-2026-1103', 'over'],
    ]);
    const recorded = await signals('reconcile');
    expect(recorded).toHaveLength(2);
    expect(recorded[0]).toMatchObject({
      type: 'ClassificationDisagreed',
      agent: 'dev-e',
      taskId: 'task-2026-1102',
      recordedTier: 'T1',
      currentTier: 'T3',
      surfaces: ['src/auth/session-store.ts'],
    });
    expect(recorded[0]?.rules).toContain('t3-auth');
  });

  test('only over-classified or agreeing tasks exit 0; bad input exits 2 with one line', async () => {
    const only = join(dir, 'only-over');
    mkdirSync(only);
    execFileSync('cp', [
      join(ROOT, EX, 'tasks/readme-badge.yaml'),
      join(ROOT, EX, 'tasks/docs-runbook.yaml'),
      only,
    ]);
    expect((await run(['reconcile', '--tasks', only])).code).toBe(0);
    writeFileSync(join(only, 'broken.yaml'), 'id: x\n');
    const bad = await run(['reconcile', '--tasks', only]);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toContain('broken.yaml');
    expect((await run(['reconcile', '--tasks', only, '--log', join(dir, 'x.db')])).code).toBe(2);
  });
});

describe('escalation check', () => {
  const task = `${EX}/work/cart-button.yaml`;
  test('work within the tier exits 0 and records nothing', async () => {
    const r = await run([
      'escalation',
      'check',
      '--task',
      task,
      '--input',
      'examples/changes/03-button-style.json',
      ...fresh('within'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ escalate: false, tier: 'T1', event: null });
  });

  test('a git range that touches the login handler records EscalationRequired with its rules and files', async () => {
    const repo = join(dir, 'repo');
    mkdirSync(repo);
    const git = (...a: string[]) =>
      execFileSync('git', a, {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' },
      }).trim();
    const write = (p: string, t: string) => {
      mkdirSync(dirname(join(repo, p)), { recursive: true });
      writeFileSync(join(repo, p), t);
    };
    git('init', '-q', '-b', 'main');
    write('ui/components/CartButton.tsx', 'export const count = 0;\n');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'base');
    write('ui/components/CartButton.tsx', 'export const count = 1;\n');
    write('src/auth/login.ts', 'export function login() {}\n');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'work');
    const r = await run([
      'escalation',
      'check',
      '--task',
      task,
      '--git',
      'HEAD~1...HEAD',
      '--repo',
      repo,
      ...fresh('escalation'),
      '--now',
      '2026-11-30T06:00:00Z',
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('escalation required');
    expect(r.out).toContain('src/auth/login.ts');
    const [event, ...rest] = await signals('escalation');
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: 'EscalationRequired',
      agent: 'dev-e',
      taskId: 'task-2026-1104',
      tier: 'T1',
      requiredTier: 'T3',
      trigger: 'discovered',
      surfaces: ['src/auth/login.ts'],
    });
  });

  test('a task without an agent needs --agent; a bad range exits 2', async () => {
    const r = await run([
      'escalation',
      'check',
      '--task',
      `${EX}/tasks/readme-badge.yaml`,
      '--input',
      'examples/changes/01-docs-typo.json',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--agent');
    const bad = await run(['escalation', 'check', '--task', task, '--git', 'HEAD;rm -rf /']);
    expect(bad.code).toBe(2);
  });
});

describe('escalation stalls', () => {
  test('escalates the silent and the repeatedly failing runs once, and a finished run never', async () => {
    const log = fresh('stalls');
    expect(
      (await run(['ledger', 'record', ...log, `${EX}/heartbeats.jsonl`, '--now', '2026-11-27T09:00:00Z']))
        .code,
    ).toBe(0);
    const now = ['--now', '2026-11-27T12:00:00Z'];
    const dry = await run(['escalation', 'stalls', ...log, ...now, '--dry-run', '--json']);
    expect(dry.code).toBe(1);
    expect((await signals('stalls')).filter((s) => s.type === 'EscalationRequired')).toEqual([]);
    const r = await run(['escalation', 'stalls', ...log, ...now, '--json']);
    expect(r.code).toBe(1);
    expect(
      JSON.parse(r.out).stalls.map((s: { taskId: string; trigger: string }) => [s.taskId, s.trigger]),
    ).toEqual([
      ['task-2026-1106', 'stall'],
      ['task-2026-1108', 'repeated-failure'],
      ['task-2026-1109', 'stall'],
    ]);
    const recorded = (await signals('stalls')).filter((s) => s.type === 'EscalationRequired');
    expect(recorded.map((e) => [e.taskId, e.requiredTier])).toEqual([
      ['task-2026-1106', 'T2'],
      ['task-2026-1108', 'T3'],
      ['task-2026-1109', 'T1'],
    ]);
    for (const e of recorded) {
      const { id: _i, seq: _s, prev: _p, hash: _h, batchEnd: _b, ...input } = e;
      expect(validateEvent(input).ok).toBe(true);
    }
    expect((await run(['escalation', 'stalls', ...log, ...now])).code).toBe(0);
    expect((await run(['escalation', 'stalls', ...log, '--stall-after', '90m'])).code).toBe(2);
  });
});

describe('novel task class at the dispatch gate', () => {
  test('the first runs of a new (agent, task class) need a named observer; ledger status counts them', async () => {
    const log = fresh('novel');
    await run(['ledger', 'record', ...log, `${EX}/heartbeats.jsonl`, '--now', '2026-11-27T09:00:00Z']);
    const refused = await run([
      'dispatch',
      'check',
      '--task',
      `${EX}/work/first-ui-task.yaml`,
      '--agent',
      'new-e',
      ...log,
      '--json',
    ]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.out).reasons.map((r: { code: string }) => r.code)).toEqual([
      'observer_missing',
    ]);
    const observed = await run([
      'dispatch',
      'check',
      '--task',
      `${EX}/work/first-ui-task-observed.yaml`,
      '--agent',
      'new-e',
      ...log,
    ]);
    expect(observed.code).toBe(0);
    const status = JSON.parse((await run(['ledger', 'status', ...log, '--json'])).out);
    expect(status.subjects).toEqual([
      expect.objectContaining({
        agent: 'ops-e',
        taskClass: 'service-feature',
        runs: 1,
        observedRunsLeft: 19,
      }),
    ]);
  });
});

describe('audit approvals', () => {
  const args = [
    'audit',
    'approvals',
    '--approvals',
    `${EX}/approvals.json`,
    '--trusted-root',
    'examples/attestation/trusted-root.json',
    '--admissions',
    `${EX}/policy-reports.json`,
  ];
  test('verifies every bundle, flags every kind of mis-approval, records ApprovalFlagged, exits 1', async () => {
    const r = await run([...args, ...fresh('approvals'), '--now', '2026-11-30T06:00:00Z', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(validateAgainst('approval-audit-report', report)).toEqual([]);
    expect(report).toMatchObject({ approvals: 6, unverified: 2, admissions: 4 });
    expect(
      report.findings.map((f: { subject: string; flags: string[] }) => [f.subject, f.flags.join('+')]),
    ).toEqual([
      [`${EX}/approvals/task-2026-1095-forged.sigstore.json`, 'unverified-approval'],
      ['examples/attestation/interface-approval-forged.sigstore.json', 'unverified-approval'],
      ['task-2026-1090', 'concentrated'],
      ['task-2026-1091', 'rushed+concentrated'],
      ['task-2026-1092', 'off-hours'],
      ['task-2026-1093', 'concentrated'],
      ['task-2026-1094', 'off-hours+grew-after-signing'],
      // The forged co-sign of d4 approves nothing: its admission stays unapproved.
      ['payments/Pod/api-7c9f-2', 'admission-without-approval'],
      ['payments/Pod/worker-5d1-1', 'admission-without-approval'],
    ]);
    expect(report.findings[0].details[0]).toMatch(
      /^SUBJECT_MISMATCH: signed by .*t3-approve\.yml@refs\/heads\/main-evil/,
    );
    // The forged co-sign is not counted in the shares either (alice would have 4 of 5).
    expect(report.cosignShares).toEqual([
      { by: 'alice', count: 3, share: 0.75 },
      { by: 'bob', count: 1, share: 0.25 },
    ]);
    const recorded = await signals('approvals');
    expect(recorded).toHaveLength(9);
    expect(recorded[0]).toMatchObject({
      type: 'ApprovalFlagged',
      kind: 'cosign',
      flags: ['unverified-approval'],
    });
    expect(recorded[7]).toMatchObject({
      type: 'ApprovalFlagged',
      kind: 'admission',
      agent: 'approval-audit',
    });
    expect(recorded[7]?.by).toBeUndefined();
    // The flags are in the hash chain: verify passes, and a flag quietly removed is caught.
    const now = ['--now', '2026-11-30T06:00:00Z'];
    expect((await run(['ledger', 'verify', ...fresh('approvals'), ...now])).code).toBe(0);
    const out = join(dir, 'approvals.jsonl');
    expect((await run(['ledger', 'export', ...fresh('approvals'), '--out', out])).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('"flags":["rushed","concentrated"]');
    writeFileSync(out, text.replace('"flags":["rushed","concentrated"]', '"flags":["concentrated"]'));
    expect((await run(['ledger', 'verify', '--log', out, ...LADDER, ...now])).code).toBe(1);
  });

  test('a verified co-sign clears its admission; judged after it expired, it does not', async () => {
    const only = join(dir, 'one-approval.json');
    const bundle = join(ROOT, EX, 'approvals/task-2026-1090.sigstore.json');
    writeFileSync(
      only,
      JSON.stringify({
        approvals: [{ kind: 'cosign', bundle, requestedAt: '2026-11-24T08:00:00Z', timeZone: 'Europe/Oslo' }],
      }),
    );
    const base = ['audit', 'approvals', '--approvals', only, ...args.slice(4, 8), '--json'];
    const r = await run(base);
    const subjects = (out: string) =>
      JSON.parse(out).findings.map((f: { subject: string; flags: string[] }) => `${f.subject} ${f.flags}`);
    expect(subjects(r.out)).not.toContain('payments/Pod/api-7c9f-1 admission-without-approval');
    expect(subjects(r.out)).toContain('payments/Pod/api-7c9f-2 admission-without-approval');
    // --at before the bundle was signed: not yet an approval (EVALUATED_BEFORE_SIGNING), so the
    // admission it covered is flagged too.
    const early = await run([...base, '--at', '2026-11-24T10:00:00Z']);
    expect(subjects(early.out)).toEqual(
      expect.arrayContaining([
        `${EX}/approvals/task-2026-1090.sigstore.json unverified-approval`,
        'payments/Pod/api-7c9f-1 admission-without-approval',
      ]),
    );
    expect(JSON.parse(early.out).findings[0].details[0]).toMatch(/^EVALUATED_BEFORE_SIGNING/);
  });

  test('settings change what is flagged; markdown is a table; bad input exits 2 with one line', async () => {
    const lenient = await run([
      ...args.slice(0, 6),
      '--min-review-seconds',
      '60',
      '--max-share',
      '1',
      '--working-hours',
      '00:00-24:00',
      '--working-days',
      '1-7',
    ]);
    expect(lenient.code).toBe(1); // carol has no time zone, the change grew, two bundles are forged
    expect(lenient.out).toContain('3 finding(s)');
    const md = await run([...args, '--format', 'markdown']);
    expect(md.out).toMatch(
      /^## Approval audit\n\n.*\n\n\| SUBJECT \| KIND \| BY \| FLAGS \| WHY \|\n\| --- \|/,
    );
    const bad = join(dir, 'bad-approvals.json');
    const entry = {
      kind: 'cosign',
      bundle: join(ROOT, EX, 'approvals/task-2026-1090.sigstore.json'),
      timeZone: 'Mars/Base',
      requestedAt: '2026-11-24T08:00:00Z',
    };
    writeFileSync(bad, JSON.stringify({ approvals: [entry] }));
    const trust = args.slice(4, 6);
    const r = await run(['audit', 'approvals', '--approvals', bad, ...trust]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('/approvals/0/timeZone');
    // The old records, which only claimed to be verified, are refused: they name no bundle.
    writeFileSync(bad, JSON.stringify({ approvals: [{ ...entry, bundle: undefined, by: 'alice' }] }));
    const records = await run(['audit', 'approvals', '--approvals', bad, ...trust]);
    expect(records.code).toBe(2);
    expect(records.err).toContain('/approvals/0');
    // A bundle that is not there is an input error naming it.
    writeFileSync(bad, JSON.stringify({ approvals: [{ ...entry, timeZone: 'UTC', bundle: 'nope.json' }] }));
    const missing = await run(['audit', 'approvals', '--approvals', bad, ...trust]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.json');
    expect((await run([...args, '--working-hours', '9-17'])).code).toBe(2);
    expect((await run(['audit', 'approvals', '--approvals', bad])).err).toContain('--trusted-root');
    expect((await run([...args, '--cluster'])).code).toBe(2);
    expect((await run([...args.slice(0, 6), '--kubeconfig', 'k'])).code).toBe(2);
  });

  test('--cluster without a reachable cluster is one line and exit 2, never an empty audit', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`,
    );
    const r = await run([...args.slice(0, 6), '--cluster', '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^trustladder audit: cannot reach the cluster: https:\/\/127\.0\.0\.1:1: /);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});

describe('classify --policy-diff and --format markdown', () => {
  const inputs = [
    '--input',
    'examples/changes/01-docs-typo.json',
    '--input',
    'examples/changes/16-secret-rotation.json',
  ];
  test('shows the changes that move tier, exit 1 when one moves down', async () => {
    const r = await run([
      'classify',
      '--policy-diff',
      'policies/blast-radius.yaml',
      `${EX}/blast-radius-proposed.yaml`,
      ...inputs,
      '--json',
    ]);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.out);
    expect(d.moved).toEqual({ up: 0, down: 1, same: 1 });
    expect(d.rows[1]).toMatchObject({ before: 'T3', after: 'T2', move: 'down', beforeRules: ['t3-secrets'] });
    const same = await run([
      'classify',
      '--policy-diff',
      'policies/blast-radius.yaml',
      'policies/blast-radius.yaml',
      ...inputs,
    ]);
    expect(same.code).toBe(0);
    expect((await run(['classify', '--policy-diff', 'policies/blast-radius.yaml', ...inputs])).code).toBe(2);
  });

  test('markdown names the tier, the deciding rule and file, the missing facts and what comes next', async () => {
    const r = await run([
      'classify',
      '--input',
      'examples/changes/13-migration-without-patch.json',
      '--format',
      'markdown',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('## trustladder: T3 (irreversible)');
    expect(r.out).toContain('`db/migrations/0043_backfill_region.sql`');
    expect(r.out).toContain('**Missing facts raised the tier**');
    expect(r.out).toContain('`/files/0/patch`');
    expect(r.out).toContain('### What T3 requires next');
    expect(
      (await run(['classify', '--input', 'examples/changes/01-docs-typo.json', '--format', 'html'])).code,
    ).toBe(2);
  });
});
