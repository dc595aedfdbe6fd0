import { describe, expect, test } from 'vitest';
import { loadBlastRadiusPolicy } from '../classify/index.js';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { TrustladderError } from '../errors.js';
import type { IdentifiedEvent, InputEvent } from '../ladder/event.types.js';
import { LedgerProjection } from '../ladder/projection.js';
import { DEFAULT_LADDER, day, successes } from '../ladder/testing/ladder-fixtures.js';
import { validateEvent } from '../ladder/validate-event.js';
import { checkTaskSpec } from '../taskspec/check-taskspec.js';
import { loadTaskSpec } from '../taskspec/load-taskspec.js';
import { type ApprovalVerifier, checkDispatch } from './check-dispatch.js';
import { escalationRequired } from './escalation.js';
import { nextAssignment } from './next-assignment.js';
import { reconcile } from './reconcile.js';
import { ledgerWith, spec } from './testing/dispatch-fixtures.js';

const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);

// The TaskSpec of seeds/002, plus its task class.
const SEED = `
id: task-202604160042
repo: dashecorp/conductor-e
issue: 76
tier: T1
task_class: service-feature
blast_radius:
  reason: "Changes single-service feature with existing test coverage"
  surfaces: ["src/Api/EventsEndpoint.cs", "tests/Api/EventsTests.cs"]
  evaluated_by: spec-e
  evaluated_at: "2026-04-16T16:30:00Z"
acceptance_criteria:
  - "POST /api/events accepts new event type X"
test_strategy:
  required_coverage_delta: 0
  property_tests: true
non_goals:
  - "Do not change existing event type definitions"
expected_effort_tokens: 80000  # budget guardrail
assigned_agent: dev-e-dotnet
ceiling_tier: T1
`;

const human = {
  by: 'alice',
  at: '2026-04-16T17:00:00Z',
  evidence: 'https://github.com/acme/app/deployments/42',
};
const codes = (d: { reasons: readonly { code: string }[] }) => d.reasons.map((r) => r.code);

// An attestation verifier for the gate's own tests: an approval verifies when its evidence is
// known, and names the approver recorded for that evidence (the real one is
// @trustladder/attest's, exercised by the dispatch CLI tests on signed bundles).
function verifierOf(approvers: Record<string, string>): ApprovalVerifier {
  return (_kind, approval) => {
    const approver = approvers[approval.evidence];
    return approver === undefined ? { ok: false, reason: 'unknown evidence' } : { ok: true, approver };
  };
}

describe('TaskSpec', () => {
  test('the seed TaskSpec (with a task class) passes the schema', () => {
    expect(loadTaskSpec(SEED, { source: 'task.yaml' })).toMatchObject({
      id: 'task-202604160042',
      tier: 'T1',
      ceiling_tier: 'T1',
    });
  });

  test('a TaskSpec without a task class, or with an unknown field, is refused with pointers', () => {
    let e: unknown;
    try {
      loadTaskSpec(`${SEED.replace('task_class: service-feature\n', '')}colour: red\n`, {
        source: 'task.yaml',
      });
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(TrustladderError);
    expect((e as TrustladderError).issues.map((i) => [i.code, i.path])).toEqual([
      ['required', '/task_class'],
      ['unknown_property', '/colour'],
    ]);
  });

  test('the tier must match the classification of its surfaces, and the ceiling the ledger', () => {
    // Surfaces alone leave the service facts unknown: the default policy's T2 default applies.
    const seed = loadTaskSpec(SEED);
    const issues = checkTaskSpec(seed, { policy, ceilingOf: () => 'T0' });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['tier_mismatch', '/tier'],
      ['ceiling_mismatch', '/ceiling_tier'],
    ]);
    const withChange = {
      ...seed,
      change: {
        repo: 'dashecorp/conductor-e',
        // With its patch: the default policy reads the added lines of code files (auth and
        // money signals), so a code file without one would be T3, flagged ambiguous.
        files: [
          {
            path: 'src/Api/EventsEndpoint.cs',
            status: 'modified',
            patch: '@@ -10,0 +11 @@\n+        return Ok(events.Take(limit));\n',
          },
        ],
        service: { name: 'conductor-e', slo: true, canary: true, killSwitch: true },
        coverage: { changedLines: 100, coveredLines: 90 },
      },
    };
    expect(checkTaskSpec(withChange, { policy, ceilingOf: () => 'T1' })).toEqual([]);
    expect(
      checkTaskSpec({ ...withChange, tier: 'T2' }, { ceilingOf: () => 'T1' }).map((i) => i.code),
    ).toEqual(['above_ceiling']);
  });
});

describe('checkDispatch', () => {
  test('allows a task at the ceiling and refuses one above it', () => {
    const ledger = ledgerWith(['dev-e', 'docs-update', 'T1']);
    const ok = checkDispatch(spec('T1', ['ui/button.tsx']), 'dev-e', { ledger, policy });
    expect(ok).toMatchObject({ allowed: true, tier: 'T1', ceiling: 'T1', role: 'drive', reasons: [] });
    const above = checkDispatch(spec('T1', ['ui/button.tsx']), 'review-e', { ledger, policy });
    expect(above).toMatchObject({ allowed: false, ceiling: 'T0' });
    expect(codes(above)).toEqual(['above_ceiling']);
  });

  test('a task class new to the agent starts at T0 whatever it holds elsewhere', () => {
    const ledger = ledgerWith(['dev-e', 'docs-update', 'T2']);
    const d = checkDispatch(spec('T1', ['ui/button.tsx'], { task_class: 'ui-change' }), 'dev-e', { ledger });
    expect(d).toMatchObject({ allowed: false, ceiling: 'T0' });
  });

  test('a tier lower than the policy classification is refused, and the higher tier is applied', () => {
    const ledger = ledgerWith(['dev-e', 'docs-update', 'T1']);
    const d = checkDispatch(spec('T1', ['src/auth/session.ts']), 'dev-e', { ledger, policy });
    expect(d.tier).toBe('T3');
    expect(codes(d)).toContain('tier_mismatch');
    expect(d.allowed).toBe(false);
  });

  test('T2 needs a human interface approval, verified', () => {
    const ledger = ledgerWith(['dev-e', 'docs-update', 'T2'], ['review-e', 'docs-update', 'T0']);
    const task = spec('T2', ['protos/user.proto']);
    const verifyApproval = verifierOf({ [human.evidence]: 'alice' });
    expect(codes(checkDispatch(task, 'dev-e', { ledger, policy, verifyApproval }))).toEqual([
      'interface_approval_missing',
    ]);
    const approved = { ...task, approvals: { interface: human } };
    expect(checkDispatch(approved, 'dev-e', { ledger, policy, verifyApproval }).allowed).toBe(true);
    expect(codes(checkDispatch(approved, 'dev-e', { ledger, policy }))).toEqual(['approval_unverified']);
    const byAgent = { ...task, approvals: { interface: { ...human, by: 'review-e' } } };
    expect(codes(checkDispatch(byAgent, 'dev-e', { ledger, policy, verifyApproval }))).toEqual([
      'approver_not_human',
      'approval_unverified',
    ]);
    const bySelf = { ...task, approvals: { interface: { ...human, by: 'dev-e' } } };
    expect(codes(checkDispatch(bySelf, 'dev-e', { ledger, policy, verifyApproval }))).toContain(
      'approver_not_human',
    );
    const unverified = checkDispatch(approved, 'dev-e', {
      ledger,
      policy,
      verifyApproval: () => ({ ok: false, reason: 'no such deployment' }),
    });
    expect(codes(unverified)).toEqual(['approval_unverified']);
  });

  test('T3 is never driven by an agent: the verified co-signer drives, the agent assists', () => {
    const ledger = ledgerWith(['dev-e', 'docs-update', 'T2'], ['ops-e', 'docs-update', 'T1']);
    const task = spec('T3', ['src/auth/session.ts']);
    const verifyApproval = verifierOf({ [human.evidence]: 'alice' });
    expect(codes(checkDispatch(task, 'dev-e', { ledger, policy, verifyApproval }))).toEqual([
      'cosign_missing',
    ]);
    const full = { ...task, approvals: { cosign: human } };
    expect(checkDispatch(full, 'dev-e', { ledger, policy, verifyApproval })).toMatchObject({
      allowed: true,
      role: 'assist',
      driver: 'alice',
    });
    expect(
      codes(checkDispatch({ ...full, human_driver: 'dev-e' }, 'dev-e', { ledger, policy, verifyApproval })),
    ).toEqual(['approver_not_human']);
    expect(
      codes(checkDispatch({ ...full, human_driver: 'bob' }, 'dev-e', { ledger, policy, verifyApproval })),
    ).toEqual(['driver_mismatch']);
    expect(codes(checkDispatch(full, 'ops-e', { ledger, policy, verifyApproval }))).toEqual([
      'assist_needs_top_ceiling',
    ]);
    expect(codes(checkDispatch(full, 'dev-e', { ledger, policy }))).toEqual(['approval_unverified']);
  });

  test('a spec assigned to another agent, or with a stale ceiling_tier, is refused', () => {
    const ledger = ledgerWith(['dev-e', 'docs-update', 'T1']);
    const task = spec('T0', ['docs/guide.md'], { assigned_agent: 'other-e', ceiling_tier: 'T2' });
    expect(codes(checkDispatch(task, 'dev-e', { ledger, policy }))).toEqual([
      'assigned_elsewhere',
      'ceiling_mismatch',
    ]);
  });

  test('earned ceilings open the gate: 20 successes at T0 let a T1 task through', () => {
    const ledger = new LedgerProjection(DEFAULT_LADDER);
    const task = spec('T1', ['ui/button.tsx']);
    expect(checkDispatch(task, 'dev-e', { ledger }).allowed).toBe(false);
    for (const [i, e] of successes(20, 'T0', day(1)).entries())
      ledger.apply({ ...e, id: `r${i}` } as IdentifiedEvent<InputEvent>);
    expect(checkDispatch(task, 'dev-e', { ledger }).allowed).toBe(true);
  });
});

describe('nextAssignment, escalation and reconciliation', () => {
  test('nextAssignment gives the first task of the queue the agent may take', () => {
    const ledger = ledgerWith(['dev-e', 'docs-update', 'T1']);
    const queue = [
      spec('T2', ['protos/user.proto']),
      spec('T3', ['src/auth/x.ts']),
      spec('T1', ['ui/a.tsx']),
      spec('T0', ['docs/a.md']),
    ];
    expect(nextAssignment(queue, 'dev-e', { ledger, policy })?.task).toBe(queue[2]);
    expect(nextAssignment(queue, 'new-e', { ledger, policy })?.task).toBe(queue[3]);
    expect(nextAssignment(queue.slice(0, 2), 'dev-e', { ledger, policy })).toBeUndefined();
  });

  test('escalationRequired records work larger than its tier, and refuses a non-escalation', () => {
    const task = spec('T1', ['ui/a.tsx']);
    const e = escalationRequired(task, {
      agent: 'dev-e',
      at: '2026-05-01T00:00:00Z',
      requiredTier: 'T2',
      context: 'needs an event schema change',
    });
    expect(e).toMatchObject({ type: 'EscalationRequired', taskId: task.id, tier: 'T1', requiredTier: 'T2' });
    expect(() =>
      escalationRequired(task, {
        agent: 'dev-e',
        at: '2026-05-01T00:00:00Z',
        requiredTier: 'T1',
        context: 'x',
      }),
    ).toThrow(TrustladderError);
  });

  test('reconcile re-classifies open tasks and records each disagreement as an event', () => {
    const tasks = [
      spec('T0', ['docs/a.md']),
      spec('T1', ['src/auth/login.ts'], { assigned_agent: 'dev-e' }),
      spec('T3', ['docs/b.md', 'docs/c.md']),
    ];
    const r = reconcile(tasks, { policy, at: '2026-05-01T00:00:00Z' });
    expect(r.disagreements).toEqual([
      {
        task: tasks[1]?.id,
        recordedTier: 'T1',
        currentTier: 'T3',
        direction: 'under',
        // Without a patch the content rule on payments is unknown: it decides too (fail closed).
        rules: ['t3-auth', 't3-payments'],
        surfaces: ['src/auth/login.ts'],
      },
      {
        task: tasks[2]?.id,
        recordedTier: 'T3',
        currentTier: 'T0',
        direction: 'over',
        rules: expect.arrayContaining([expect.stringMatching(/^t0-/)]),
        surfaces: ['docs/b.md', 'docs/c.md'],
      },
    ]);
    expect(r.events.map((e) => validateEvent(e).ok)).toEqual([true, true]);
    expect(r.events[0]).toMatchObject({ rules: ['t3-auth', 't3-payments'], surfaces: ['src/auth/login.ts'] });
    expect(r.events.map((e) => [e.agent, e.recordedTier, e.currentTier])).toEqual([
      ['dev-e', 'T1', 'T3'],
      ['reconciler', 'T3', 'T0'],
    ]);
  });
});
