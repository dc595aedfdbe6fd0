import type { CompiledAttestorPolicy } from '@trustladder/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ReviewPullRequest, reviewGate } from './review-gate.js';
import {
  approvalStatement,
  BUILD_SUBJECT,
  CHANGE_DIGEST,
  defaultAttestors,
  GITHUB_ISSUER,
  HUMAN_SUBJECT,
  INTERFACE_SUBJECT,
  POLICY_DIGEST,
  TASK_ID,
} from './testdata/fixtures.js';
import { createSigstoreWorld, type SigstoreWorld } from './testing/sigstore-world.js';
import { loadTrustMaterial } from './trusted-root.js';

const IFACE = 'https://trustladder.dev/attestations/interface-approval/v1';
let world: SigstoreWorld;
let policy: CompiledAttestorPolicy;
let t2Approval: Record<string, unknown>;
let t2ByAgent: Record<string, unknown>;
let t2OtherTask: Record<string, unknown>;
let t3CoSign: Record<string, unknown>;

beforeAll(async () => {
  world = await createSigstoreWorld();
  policy = defaultAttestors();
  const t2 = approvalStatement({ tier: 'T2', predicateType: IFACE });
  t2Approval = await world.sign({ subject: INTERFACE_SUBJECT, issuer: GITHUB_ISSUER, payload: t2 });
  t2ByAgent = await world.sign({ subject: BUILD_SUBJECT, issuer: GITHUB_ISSUER, payload: t2 });
  t2OtherTask = await world.sign({
    subject: INTERFACE_SUBJECT,
    issuer: GITHUB_ISSUER,
    payload: approvalStatement({ tier: 'T2', predicateType: IFACE, taskId: 'task-other' }),
  });
  t3CoSign = await world.sign({
    subject: HUMAN_SUBJECT,
    issuer: GITHUB_ISSUER,
    payload: approvalStatement(),
  });
});
afterAll(() => world.close());

const pr = (tier: 'T0' | 'T1' | 'T2' | 'T3'): ReviewPullRequest => ({
  repo: 'acme/payments-api',
  number: 42,
  changeDigest: CHANGE_DIGEST,
  classification: { tier, policy: { digest: POLICY_DIGEST } },
});
const task = (tier: 'T0' | 'T1' | 'T2' | 'T3') => ({ id: TASK_ID, tier, repo: 'acme/payments-api' });
const options = () => ({
  attestors: policy,
  trust: loadTrustMaterial(world.trustedRoot),
  at: new Date('2026-04-20T00:00:00Z'),
});

describe('reviewGate', () => {
  test('T0 and T1 pass on CI alone', () => {
    for (const tier of ['T0', 'T1'] as const) {
      const r = reviewGate(pr(tier), task(tier), [], options());
      expect(r.decision).toBe('pass');
      expect(r.reasons.map((x) => x.code)).toEqual(['ci-only']);
    }
  });

  test('T2 passes with a verified interface approval bound to the change', () => {
    const r = reviewGate(pr('T2'), task('T2'), [t2Approval], options());
    expect(r.decision).toBe('pass');
    expect(r.approvals).toEqual([
      {
        attestor: 'interface-approval',
        approver: 'alice',
        identity: { issuer: GITHUB_ISSUER, subject: INTERFACE_SUBJECT },
      },
    ]);
  });

  test('T2 is blocked without an approval', () => {
    const r = reviewGate(pr('T2'), task('T2'), [], options());
    expect(r.decision).toBe('block');
    expect(r.reasons).toEqual([
      expect.objectContaining({ code: 'approval-missing', attestor: 'interface-approval' }),
    ]);
  });

  test("T2 is blocked when the only approval is signed by the agent's identity or names another task", () => {
    const r = reviewGate(pr('T2'), task('T2'), [t2ByAgent, t2OtherTask], options());
    expect(r.decision).toBe('block');
    expect(r.refused.map((x) => [x.index, x.code])).toEqual([
      [0, 'SUBJECT_MISMATCH'],
      [1, 'TASK_MISMATCH'],
    ]);
  });

  test('T3 never passes, even with a verified human co-sign: it goes to a human', () => {
    const r = reviewGate(pr('T3'), task('T3'), [t3CoSign], options());
    expect(r.decision).toBe('human');
    expect(r.reasons.map((x) => x.code)).toEqual(['approval-verified', 'human-required']);
    expect(reviewGate(pr('T3'), task('T3'), [], options()).decision).toBe('human');
  });

  test('a change classified above its task blocks, and approvals are checked at the higher tier', () => {
    const r = reviewGate(pr('T2'), task('T1'), [t2Approval], options());
    expect(r.tier).toBe('T2');
    expect(r.decision).toBe('block');
    expect(r.reasons[0]?.code).toBe('tier-exceeded');
  });

  test('a task declared above its classification is reviewed at the task tier', () => {
    const r = reviewGate(pr('T1'), task('T3'), [], options());
    expect(r.tier).toBe('T3');
    expect(r.decision).toBe('human');
  });
});
