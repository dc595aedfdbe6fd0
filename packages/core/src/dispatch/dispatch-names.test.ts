import { describe, expect, test } from 'vitest';
import { loadBlastRadiusPolicy } from '../classify/index.js';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { TrustladderError } from '../errors.js';
import { LedgerProjection } from '../ladder/projection.js';
import { DEFAULT_LADDER } from '../ladder/testing/ladder-fixtures.js';
import { loadTaskSpec } from '../taskspec/load-taskspec.js';
import type { TaskSpec } from '../taskspec/taskspec.types.js';
import type { Tier } from '../tier.js';
import { type ApprovalVerifier, checkDispatch } from './check-dispatch.js';
import { ledgerWith, spec } from './testing/dispatch-fixtures.js';

const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
const codes = (d: { reasons: readonly { code: string }[] }) => d.reasons.map((r) => r.code);

const task = (tier: Tier, surfaces: string[], extra: Partial<TaskSpec> = {}) =>
  spec(tier, surfaces, { id: 'task-1', ...extra });

// Verifies every approval and names `approver` as the human in the attestation.
const attests =
  (approver: string): ApprovalVerifier =>
  () => ({ ok: true, approver });

describe('the dispatch gate compares names after NFC and case folding', () => {
  test('ops-e cannot be its own T3 driver as OPS-E with a co-sign by Ops-E and no evidence', () => {
    const ledger = ledgerWith(['ops-e', 'docs-update', 'T2']);
    const t = task('T3', ['src/auth/session.ts'], {
      human_driver: 'OPS-E',
      approvals: { cosign: { by: 'Ops-E', at: '2026-04-16T17:00:00Z', evidence: 'none' } },
    });
    const unverified = checkDispatch(t, 'ops-e', { ledger, policy });
    expect(unverified.allowed).toBe(false);
    expect(codes(unverified)).toEqual(['approver_not_human', 'approval_unverified', 'approver_not_human']);
    const selfAttested = checkDispatch(t, 'ops-e', { ledger, policy, verifyApproval: attests('ops-E') });
    expect(selfAttested).toMatchObject({ allowed: false, driver: null });
  });

  test('an agent not yet in the ledger cannot approve its own work, in any case', () => {
    const ledger = ledgerWith();
    for (const by of ['new-e', 'NEW-E']) {
      const t = task('T2', ['protos/user.proto'], {
        approvals: { interface: { by, at: '2026-04-16T17:00:00Z', evidence: 'x' } },
      });
      expect(codes(checkDispatch(t, 'new-e', { ledger, policy, verifyApproval: attests(by) }))).toContain(
        'approver_not_human',
      );
    }
  });

  test('a verified approver who is an agent of the ledger is refused, whatever the task says', () => {
    const ledger = ledgerWith(['dev-e', 'docs-update', 'T2'], ['review-e', 'other', 'T0']);
    const t = task('T2', ['protos/user.proto'], {
      approvals: { interface: { by: 'alice', at: '2026-04-16T17:00:00Z', evidence: 'x' } },
    });
    expect(codes(checkDispatch(t, 'dev-e', { ledger, policy, verifyApproval: attests('Review-E') }))).toEqual(
      ['approval_unverified', 'approver_not_human'],
    );
    expect(checkDispatch(t, 'dev-e', { ledger, policy, verifyApproval: attests('ALICE') }).allowed).toBe(
      true,
    );
  });

  test('an assigned agent and a ceiling_tier that match are accepted, the name in any case', () => {
    const ledger = ledgerWith(['dev-e', 'docs-update', 'T1']);
    for (const assigned of ['dev-e', 'Dev-E']) {
      const t = task('T0', ['docs/guide.md'], { assigned_agent: assigned, ceiling_tier: 'T1' });
      expect(checkDispatch(t, 'dev-e', { ledger, policy })).toMatchObject({ allowed: true, reasons: [] });
    }
  });
});

describe('the dispatch gate fails closed on its arguments', () => {
  const ledger = ledgerWith();
  const ok = task('T0', ['docs/guide.md']);
  test.each([
    ['an empty agent', () => checkDispatch(ok, '', { ledger })],
    ['an agent with a zero-width character', () => checkDispatch(ok, 'dev-\u200be', { ledger })],
    ['no ledger', () => checkDispatch(ok, 'dev-e', {} as never)],
    ['a tier of t3', () => checkDispatch({ ...ok, tier: 't3' } as never, 'dev-e', { ledger })],
    ['no tier', () => checkDispatch({ ...ok, tier: undefined } as never, 'dev-e', { ledger })],
    [
      'a surface with a bidi override',
      () => checkDispatch(task('T0', ['docs/\u202eevil.md']), 'dev-e', { ledger }),
    ],
  ])('%s is a TrustladderError', (_, run) => {
    expect(run).toThrow(TrustladderError);
  });

  test('a TaskSpec with an invisible character in a surface is refused at its pointer and line', () => {
    let error: unknown;
    try {
      loadTaskSpec(
        'id: t\nrepo: acme/app\ntier: T3\ntask_class: x\nblast_radius:\n  reason: r\n  surfaces: ["\\u200b.github/workflows/release.yml"]\n  evaluated_by: s\n  evaluated_at: "2026-04-16T16:30:00Z"\nacceptance_criteria: [ok]\n',
        { source: 'task.yaml' },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrustladderError);
    expect((error as TrustladderError).issues.map((i) => [i.code, i.path])).toEqual([
      ['identifier_invisible', '/blast_radius/surfaces/0'],
    ]);
    expect((error as TrustladderError).issues[0]?.position?.line).toBeGreaterThan(1);
  });

  // A store answers a dispatch from a projection restored for the dispatched agent alone; the
  // other agents it knows must still not pass for humans.
  test('an agent of the ledger is no human even when the projection holds only the dispatched agent', () => {
    const full = ledgerWith(['dev-e', 'docs-update', 'T2'], ['review-e', 'other', 'T0']);
    const partial = LedgerProjection.restore(DEFAULT_LADDER, full.snapshots(['dev-e']), {
      newestAt: full.newestAt ?? null,
      knownAgents: ['dev-e', 'review-e'],
    });
    expect(partial.states().map((s) => s.agent)).toEqual(['dev-e']);
    const t = task('T2', ['protos/user.proto'], {
      approvals: { interface: { by: 'REVIEW-E', at: '2026-04-16T17:00:00Z', evidence: 'x' } },
    });
    expect(
      codes(checkDispatch(t, 'dev-e', { ledger: partial, policy, verifyApproval: attests('review-e') })),
    ).toContain('approver_not_human');
  });
});
