import { type CompiledAttestor, type Tier, validateAgainst } from '@trustladder/core';
import { AttestError } from './errors.js';
import { hasSubjectDigest } from './statement.js';
import { type VerifiedAttestation, type VerifyContext, verifyAttestation } from './verify-attestation.js';

/** The predicate of a human or interface approval (schemas/approval-predicate.schema.json). */
export interface ApprovalPredicate {
  readonly taskId: string;
  readonly tier: Tier;
  readonly changeDigest?: string;
  readonly imageDigest?: string;
  readonly policyDigest: string;
  readonly repo?: string;
  readonly approver: { readonly id: string; readonly provider?: string; readonly email?: string };
  readonly approvedAt: string;
  readonly expiresAt?: string;
  readonly reason?: string;
  readonly interface?: { readonly kind: string; readonly ref: string; readonly digest?: string };
}

/** What an approval must name to count: the thing being approved. */
export type ApprovalExpectation = {
  readonly taskId: string;
  readonly tier: Tier;
  readonly policyDigest: string;
  /** Refuse an approval whose expiresAt is before this time (default: now). */
  readonly at?: Date;
} & (
  | { readonly changeDigest: string; readonly imageDigest?: string }
  | { readonly changeDigest?: string; readonly imageDigest: string }
);

export interface VerifiedApproval extends VerifiedAttestation {
  readonly predicate: ApprovalPredicate;
}

// Verifies a human approval: the bundle as an attestation of a human attestor, then the
// binding. An approval is for one task, one tier, one change or image and one policy version;
// the same signature presented for anything else is refused, each mismatch with its own code.
export function verifyApproval(
  bundleJson: unknown,
  attestor: CompiledAttestor,
  expected: ApprovalExpectation,
  context: VerifyContext,
): VerifiedApproval {
  if (attestor.role !== 'human') {
    throw new AttestError('NOT_AN_APPROVER', `attestor ${attestor.name} signs builds, not approvals`);
  }
  const verified = verifyAttestation(bundleJson, attestor, context);
  const predicate = verified.statement.predicate;
  const issues = validateAgainst('approval-predicate', predicate);
  if (issues.length > 0) {
    const first = issues[0];
    throw new AttestError(
      'PREDICATE_INVALID',
      `the approval predicate is invalid: ${first?.path} ${first?.message}`,
    );
  }
  checkBinding(predicate as ApprovalPredicate, verified, expected);
  return { ...verified, predicate: predicate as ApprovalPredicate };
}

function checkBinding(
  p: ApprovalPredicate,
  verified: VerifiedAttestation,
  expected: ApprovalExpectation,
): void {
  if (p.taskId !== expected.taskId) {
    throw new AttestError('TASK_MISMATCH', `the approval is for task ${p.taskId}, not ${expected.taskId}`);
  }
  if (p.tier !== expected.tier) {
    throw new AttestError('TIER_MISMATCH', `the approval is for tier ${p.tier}, not ${expected.tier}`);
  }
  for (const kind of ['changeDigest', 'imageDigest'] as const) {
    const want = expected[kind];
    if (want === undefined) continue;
    if (p[kind] !== want) {
      throw new AttestError(
        'DIGEST_MISMATCH',
        `the approval names ${kind} ${p[kind] ?? '(none)'}, not ${want}`,
      );
    }
    if (!hasSubjectDigest(verified.statement, want)) {
      throw new AttestError('SUBJECT_DIGEST_MISMATCH', `the attestation's subjects do not include ${want}`);
    }
  }
  if (p.policyDigest !== expected.policyDigest) {
    throw new AttestError(
      'POLICY_DIGEST_MISMATCH',
      `the approval was given under policy ${p.policyDigest}, not ${expected.policyDigest}`,
    );
  }
  const at = expected.at ?? new Date();
  if (p.expiresAt !== undefined && Date.parse(p.expiresAt) <= at.getTime()) {
    throw new AttestError('APPROVAL_EXPIRED', `the approval expired at ${p.expiresAt}`);
  }
}
