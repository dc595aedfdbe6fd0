import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSigstoreWorld, type SigstoreWorld } from '@trustladder/attest/testing';
import {
  APPROVAL_PREDICATE_TYPE,
  canonicalDigest,
  DEFAULT_POLICY_TEXTS,
  INTERFACE_APPROVAL_PREDICATE_TYPE,
  loadBlastRadiusPolicy,
} from '@trustladder/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';

// `dispatch check` verifies a T3 co-sign as a Sigstore attestation bound to the task, with
// the review gate's verifier and policies/attestors.yaml, and takes the driver from it.
const ROOT = join(import.meta.dirname, '../../../..');
const GITHUB = 'https://token.actions.githubusercontent.com';
const T3_WORKFLOW = 'https://github.com/acme/prod-approvals/.github/workflows/t3-approve.yml@refs/heads/main';
const CHANGE = { repo: 'acme/payments-api', files: [{ path: 'src/auth/session.ts', status: 'modified' }] };
const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
let world: SigstoreWorld;
let dir: string;
let log: string;
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

function taskYaml(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'task-2026-0400',
    repo: 'acme/payments-api',
    tier: 'T3',
    task_class: 'auth-change',
    blast_radius: {
      reason: 'session handling',
      surfaces: ['src/auth/session.ts'],
      evaluated_by: 'spec-e',
      evaluated_at: '2026-04-05T09:15:00Z',
    },
    change: CHANGE,
    acceptance_criteria: ['sessions rotate'],
    // The agents' first runs on auth-change: a novel class, observed by a named human.
    observer: 'olive',
    approvals: { cosign: { by: 'alice', at: '2026-04-05T12:00:00Z', evidence: 'cosign.sigstore.json' } },
    ...extra,
  };
}

const T2_WORKFLOW =
  'https://github.com/acme/prod-approvals/.github/workflows/t2-interface.yml@refs/heads/main';
const T2_CHANGE = {
  repo: 'acme/orders-service',
  // With its patch: a code file without one is T3 under the default policy (its auth and money
  // content signals would be unknown).
  files: [
    {
      path: 'src/routes/order-previews.ts',
      status: 'added',
      patch:
        '@@ -0,0 +1,2 @@\n+import { router } from "./router";\n+router.get("/order-previews", listPreviews);\n',
    },
  ],
  labels: ['new-public-api'],
  dependencies: [],
};

function approval(o: { taskId?: string; approver?: string; tier?: 'T2' | 'T3' } = {}) {
  const t2 = o.tier === 'T2';
  const change = t2 ? T2_CHANGE : CHANGE;
  const changeDigest = canonicalDigest(change);
  return world.sign({
    subject: t2 ? T2_WORKFLOW : T3_WORKFLOW,
    issuer: GITHUB,
    payload: {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: `${change.repo}#9`, digest: { sha256: changeDigest.slice(7) } }],
      predicateType: t2 ? INTERFACE_APPROVAL_PREDICATE_TYPE : APPROVAL_PREDICATE_TYPE,
      predicate: {
        taskId: o.taskId ?? 'task-2026-0400',
        tier: o.tier ?? 'T3',
        changeDigest,
        policyDigest: policy.digest,
        repo: change.repo,
        approver: { id: o.approver ?? 'alice', provider: 'github' },
        approvedAt: '2026-04-05T12:00:00Z',
      },
    },
  });
}

async function run(args: string[]) {
  const io = fakeIo({ cwd: ROOT });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

// The in-process Sigstore's clock runs a little ahead of the wall clock, and an approval is
// never judged before its signature: judge an hour after it was signed.
const verified = () => [
  '--attestors',
  'policies/attestors.yaml',
  '--at',
  new Date(world.now().getTime() + 3_600_000).toISOString(),
  '--trusted-root',
];
const check = (task: Record<string, unknown>, agent: string, ...more: string[]) =>
  run([
    'dispatch',
    'check',
    '--task',
    file('task.json', JSON.stringify(task)),
    '--agent',
    agent,
    '--ladder',
    'policies/trust-ladder.yaml',
    '--log',
    log,
    '--json',
    ...more,
  ]);

beforeAll(async () => {
  world = await createSigstoreWorld();
  dir = mkdtempSync(join(tmpdir(), 'trustladder-cli-cosign-'));
  log = join(dir, 'ledger.db');
  const events = ['dev-e', 'ops-e'].map((agent, i) =>
    JSON.stringify({
      type: 'CeilingSet',
      at: `2026-04-0${i + 1}T00:00:00Z`,
      agent,
      taskClass: 'auth-change',
      tier: 'T2',
      by: 'alice',
      reason: 'trusted on auth work',
    }),
  );
  const r = await run([
    'ledger',
    'record',
    '--ladder',
    'policies/trust-ladder.yaml',
    '--log',
    log,
    file('e.jsonl', `${events.join('\n')}\n`),
  ]);
  expect(r.code).toBe(0);
  file('root.json', JSON.stringify(world.trustedRoot));
  file('cosign.json', JSON.stringify(await approval()));
  file('cosign-other-task.json', JSON.stringify(await approval({ taskId: 'task-2026-0999' })));
  file('cosign-by-agent.json', JSON.stringify(await approval({ approver: 'Ops-E' })));
  file('interface.json', JSON.stringify(await approval({ tier: 'T2' })));
}, 60_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  return world.close();
});

describe('dispatch check: the T3 co-sign is a verified attestation', () => {
  test('a co-sign bound to the task lets a top-ceiling agent assist; the co-signer drives', async () => {
    const r = await check(
      taskYaml(),
      'dev-e',
      ...verified(),
      join(dir, 'root.json'),
      '--cosign',
      join(dir, 'cosign.json'),
    );
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).reasons).toEqual([]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ allowed: true, role: 'assist', driver: 'alice', tier: 'T3' });
  });

  test('without the bundle, or with a co-sign of another task, the task is refused', async () => {
    const none = await check(taskYaml(), 'dev-e', ...verified(), join(dir, 'root.json'));
    expect(JSON.parse(none.out).reasons.map((x: { code: string }) => x.code)).toEqual([
      'approval_unverified',
    ]);
    const other = await check(
      taskYaml(),
      'dev-e',
      ...verified(),
      join(dir, 'root.json'),
      '--cosign',
      join(dir, 'cosign-other-task.json'),
    );
    expect(other.code).toBe(1);
    expect(JSON.parse(other.out).reasons).toEqual([
      expect.objectContaining({
        code: 'approval_unverified',
        message: expect.stringContaining('TASK_MISMATCH'),
      }),
    ]);
  });

  test('the driver is the verified human, not a name the task asserts', async () => {
    const r = await check(
      taskYaml({ human_driver: 'bob' }),
      'dev-e',
      ...verified(),
      join(dir, 'root.json'),
      '--cosign',
      join(dir, 'cosign.json'),
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).reasons.map((x: { code: string }) => x.code)).toEqual(['driver_mismatch']);
  });

  test('ops-e with human_driver OPS-E and a co-sign by Ops-E is refused, evidence or not', async () => {
    const task = taskYaml({
      human_driver: 'OPS-E',
      approvals: { cosign: { by: 'Ops-E', at: '2026-04-05T12:00:00Z', evidence: 'none' } },
    });
    const bare = await check(task, 'ops-e');
    expect(bare.code).toBe(1);
    const signed = await check(
      task,
      'ops-e',
      ...verified(),
      join(dir, 'root.json'),
      '--cosign',
      join(dir, 'cosign-by-agent.json'),
    );
    expect(signed.code).toBe(1);
    expect(JSON.parse(signed.out)).toMatchObject({ allowed: false, driver: null });
    expect(JSON.parse(signed.out).reasons.map((x: { code: string }) => x.code)).toContain(
      'approver_not_human',
    );
  });

  test('a T2 interface approval counts only as a verified attestation bound to the task', async () => {
    const task = taskYaml({
      repo: 'acme/orders-service',
      tier: 'T2',
      change: T2_CHANGE,
      blast_radius: {
        reason: 'new endpoint',
        surfaces: ['src/routes/order-previews.ts'],
        evaluated_by: 'spec-e',
        evaluated_at: '2026-04-05T09:15:00Z',
      },
      approvals: { interface: { by: 'alice', at: '2026-04-05T12:00:00Z', evidence: 'interface.json' } },
    });
    const ok = await check(
      task,
      'dev-e',
      ...verified(),
      join(dir, 'root.json'),
      '--interface-approval',
      join(dir, 'interface.json'),
    );
    expect(JSON.parse(ok.out)).toMatchObject({ allowed: true, tier: 'T2', role: 'drive', reasons: [] });
    const recorded = await check(task, 'dev-e');
    expect(JSON.parse(recorded.out).reasons.map((x: { code: string }) => x.code)).toEqual([
      'approval_unverified',
    ]);
    const wrongKind = await check(
      task,
      'dev-e',
      ...verified(),
      join(dir, 'root.json'),
      '--interface-approval',
      join(dir, 'cosign.json'),
    );
    expect(wrongKind.code).toBe(1);
  });

  test('bad input is exit 2 with one line: a bundle without its trust root, an invisible agent name, a duplicate key', async () => {
    const noRoot = await check(taskYaml(), 'dev-e', '--cosign', join(dir, 'cosign.json'));
    expect(noRoot.code).toBe(2);
    const invisible = await check(taskYaml(), 'dev-\u200be');
    expect(invisible.code).toBe(2);
    expect(invisible.err).toMatch(/\/agent/);
    expect(invisible.err.trim().split('\n')).toHaveLength(1);
    const dup = await run([
      'dispatch',
      'check',
      '--task',
      file('dup.json', JSON.stringify(taskYaml()).replace('"tier":"T3"', '"tier":"T0","tier":"T3"')),
      '--agent',
      'dev-e',
      '--ladder',
      'policies/trust-ladder.yaml',
      '--log',
      log,
    ]);
    expect(dup.code).toBe(2);
    expect(dup.err).toMatch(/\/tier/);
  });
});
