import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { loadBlastRadiusPolicy } from '../classify/index.js';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { isTrustladderError } from '../errors.js';
import type { TaskSpec } from '../taskspec/taskspec.types.js';
import { type ApprovalVerifier, checkDispatch } from './check-dispatch.js';
import { ledgerWith, spec } from './testing/dispatch-fixtures.js';

const numRuns = Number(process.env.TRUSTLADDER_PROP_RUNS ?? 1000);
const seed = Number(process.env.TRUSTLADDER_PROP_SEED ?? 20261122);
const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
const ledger = ledgerWith(
  ['dev-e', 'docs-update', 'T2'],
  ['ops-e', 'docs-update', 'T1'],
  ['review-e', 'docs-update', 'T0'],
);
const at = '2026-04-16T17:00:00Z';

// The attestation verifier of these tests: evidence `ev:NAME` verifies and names NAME.
const verifyApproval: ApprovalVerifier = (_kind, approval) =>
  approval.evidence.startsWith('ev:')
    ? { ok: true, approver: approval.evidence.slice(3) }
    : { ok: false, reason: 'unknown evidence' };

// Tasks the gate refuses, each for another reason, with no evidence that would let them pass.
const REFUSED: Record<string, { task: TaskSpec; agent: string }> = {
  'ops-e drives its own T3 task as OPS-E': {
    agent: 'ops-e',
    task: spec('T3', ['src/auth/session.ts'], {
      human_driver: 'OPS-E',
      approvals: { cosign: { by: 'Ops-E', at, evidence: 'ev:Ops-E' } },
    }),
  },
  'a T2 interface approval by an agent': {
    agent: 'dev-e',
    task: spec('T2', ['protos/user.proto'], {
      approvals: { interface: { by: 'review-e', at, evidence: 'ev:review-e' } },
    }),
  },
  'a T2 task approved by its own agent': {
    agent: 'dev-e',
    task: spec('T2', ['protos/user.proto'], {
      approvals: { interface: { by: 'dev-e', at, evidence: 'ev:dev-e' } },
    }),
  },
  'a T1 task above the ceiling': { agent: 'review-e', task: spec('T1', ['ui/button.tsx']) },
  'T3 assisted below the top ceiling': {
    agent: 'ops-e',
    task: spec('T3', ['src/auth/session.ts'], {
      approvals: { cosign: { by: 'alice', at, evidence: 'ev:alice' } },
    }),
  },
  'a T3 co-sign without evidence': {
    agent: 'dev-e',
    task: spec('T3', ['src/auth/session.ts'], {
      human_driver: 'bob',
      approvals: { cosign: { by: 'bob', at, evidence: 'none' } },
    }),
  },
};

type Subject = { task: Record<string, unknown>; agent: string };
type Mutation = (s: Subject) => void;
const recase = fc.constantFrom(
  (x: string) => x.toUpperCase(),
  (x: string) => x.toLowerCase(),
  (x: string) => x.charAt(0).toUpperCase() + x.slice(1),
  (x: string) => x.normalize('NFD'),
);
const approvalOf = (s: Subject) =>
  (s.task.approvals as Record<string, Record<string, unknown>> | undefined)?.cosign ??
  (s.task.approvals as Record<string, Record<string, unknown>> | undefined)?.interface;

// Mutations drop, swap, re-case, re-date or duplicate what is there; none adds evidence, and
// a task's tier is only lowered or broken (a task re-declared higher is another task).
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom('human_driver', 'approvals', 'ceiling_tier', 'change').map(
    (field): Mutation =>
      (s) => {
        delete s.task[field];
      },
  ),
  recase.map(
    (f): Mutation =>
      (s) => {
        s.agent = f(s.agent);
      },
  ),
  recase.map(
    (f): Mutation =>
      (s) => {
        if (typeof s.task.human_driver === 'string') s.task.human_driver = f(s.task.human_driver);
      },
  ),
  recase.map(
    (f): Mutation =>
      (s) => {
        const a = approvalOf(s);
        if (a) a.by = f(String(a.by));
      },
  ),
  fc.constantFrom<unknown>('T0', 'T1', 't3', '', undefined).map(
    (tier): Mutation =>
      (s) => {
        s.task.tier = tier;
      },
  ),
  fc.constantFrom('2026-99-99T99:99:99Z', '2020-01-01T00:00:00Z', '2099-01-01T00:00:00Z').map(
    (time): Mutation =>
      (s) => {
        const a = approvalOf(s);
        if (a) a.at = time;
      },
  ),
  fc.constant<Mutation>((s) => {
    const a = approvalOf(s);
    if (a && typeof s.task.human_driver === 'string')
      [a.by, s.task.human_driver] = [s.task.human_driver, a.by];
  }),
  fc.constant<Mutation>((s) => {
    const approvals = s.task.approvals as Record<string, unknown> | undefined;
    const a = approvalOf(s);
    if (approvals && a) s.task.approvals = { interface: a, cosign: structuredClone(a) };
  }),
  fc.constant<Mutation>((s) => {
    s.task.assigned_agent = s.agent.toUpperCase();
  }),
);

describe('checkDispatch: mutations never turn a refusal into an allowance', () => {
  test.prop([fc.constantFrom(...Object.keys(REFUSED)), fc.array(mutation, { minLength: 1, maxLength: 4 })], {
    numRuns,
    seed,
  })('a refused task stays refused', (name, mutations) => {
    const baseline = REFUSED[name] as { task: TaskSpec; agent: string };
    expect(checkDispatch(baseline.task, baseline.agent, { ledger, policy, verifyApproval }).allowed).toBe(
      false,
    );
    const s: Subject = {
      task: structuredClone(baseline.task) as unknown as Record<string, unknown>,
      agent: baseline.agent,
    };
    for (const m of mutations) m(s);
    try {
      const d = checkDispatch(s.task as unknown as TaskSpec, s.agent, { ledger, policy, verifyApproval });
      expect(d.allowed).toBe(false);
    } catch (e) {
      if (!isTrustladderError(e)) throw e;
    }
  });
});
