import {
  type CompiledAttestor,
  compareInstants,
  describeIdentifierProblem,
  type Instant,
  identifierProblem,
  instantOfDate,
  parseRfc3339,
  type Tier,
  validateAgainst,
} from '@trustladder/core';
import {
  invalidArgument,
  optionalDate,
  optionalDigest,
  requireDigest,
  requireObject,
  requireString,
  requireTier,
} from './arguments.js';
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
  /** The repository under review: when given, the approval must name exactly this one. */
  readonly repo?: string;
  /**
   * The time the approval must be valid at: approvedAt <= at < expiresAt, and never before
   * the signature's verified time (default: now).
   */
  readonly at?: Date;
} & (
  | { readonly changeDigest: string; readonly imageDigest?: string }
  | { readonly changeDigest?: string; readonly imageDigest: string }
);

export interface VerifiedApproval extends VerifiedAttestation {
  readonly predicate: ApprovalPredicate;
}

// Verifies a human approval: the bundle as an attestation of a human attestor, then the
// binding. An approval is for one task, one tier, one change or image, one repository and
// one policy version, and for a time window; the same signature presented for anything
// else, or at any other time, is refused, each mismatch with its own code. The expectation
// is checked before anything is verified: without a digest to bind to, nothing passes.
export function verifyApproval(
  bundleJson: unknown,
  attestor: CompiledAttestor,
  expected: ApprovalExpectation,
  context: VerifyContext,
): VerifiedApproval {
  const want = checkExpectation(expected);
  if (requireObject(attestor, 'attestor').role !== 'human') {
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
  const approver = (predicate as ApprovalPredicate).approver.id;
  const problem = identifierProblem(approver);
  if (problem !== undefined)
    throw new AttestError('PREDICATE_INVALID', `the approver ${describeIdentifierProblem(problem)}`);
  checkBinding(predicate as ApprovalPredicate, verified, want);
  checkDates(predicate as ApprovalPredicate, verified, want.at);
  return { ...verified, predicate: predicate as ApprovalPredicate };
}

interface CheckedExpectation {
  readonly taskId: string;
  readonly tier: Tier;
  readonly policyDigest: string;
  readonly repo: string | undefined;
  readonly changeDigest: string | undefined;
  readonly imageDigest: string | undefined;
  readonly at: Date;
}

function checkExpectation(expected: ApprovalExpectation): CheckedExpectation {
  const e = requireObject(expected, 'expected');
  const changeDigest = optionalDigest(e.changeDigest, 'expected.changeDigest');
  const imageDigest = optionalDigest(e.imageDigest, 'expected.imageDigest');
  if (changeDigest === undefined && imageDigest === undefined)
    invalidArgument('expected', 'names no changeDigest or imageDigest: an approval must be bound to one');
  return {
    taskId: requireString(e.taskId, 'expected.taskId'),
    tier: requireTier(e.tier, 'expected.tier'),
    policyDigest: requireDigest(e.policyDigest, 'expected.policyDigest'),
    repo: e.repo === undefined ? undefined : requireString(e.repo, 'expected.repo'),
    changeDigest,
    imageDigest,
    at: evaluationTime(e.at),
  };
}

function evaluationTime(value: unknown): Date {
  const at = optionalDate(value, 'expected.at') ?? new Date();
  if (instantOfDate(at) === undefined) invalidArgument('expected.at', 'must be in 1970 or later');
  return at;
}

function checkBinding(
  p: ApprovalPredicate,
  verified: VerifiedAttestation,
  expected: CheckedExpectation,
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
  if (expected.repo !== undefined && p.repo !== expected.repo) {
    throw new AttestError(
      'REPO_MISMATCH',
      `the approval names repository ${p.repo ?? '(none)'}, not ${expected.repo}`,
    );
  }
}

// approvedAt <= at < expiresAt, with every date read by the one strict RFC 3339 parser (a
// pattern-shaped non-date such as 2026-99-99T99:99:99Z is refused, never "no expiry"). The
// signature's verified time anchors the window: an approval cannot have been given after it
// was signed, and judging it at a time before its signature existed would revive one that
// has since expired.
function checkDates(p: ApprovalPredicate, verified: VerifiedAttestation, atDate: Date): void {
  const approvedAt = predicateTime(p.approvedAt, 'approvedAt');
  const expiresAt = p.expiresAt === undefined ? undefined : predicateTime(p.expiresAt, 'expiresAt');
  const signedAt = instantOfDate(verified.signedAt) as Instant;
  const at = instantOfDate(atDate) as Instant;
  if (expiresAt !== undefined && compareInstants(expiresAt, approvedAt) <= 0)
    throw new AttestError(
      'APPROVAL_DATES_INVALID',
      `the approval expires (${p.expiresAt}) before it was given (${p.approvedAt})`,
    );
  if (compareInstants(at, approvedAt) < 0)
    throw new AttestError(
      'APPROVAL_NOT_YET_VALID',
      `the approval is given at ${p.approvedAt}, after ${atDate.toISOString()}`,
    );
  if (compareInstants(at, signedAt) < 0)
    throw new AttestError(
      'EVALUATED_BEFORE_SIGNING',
      `judged at ${atDate.toISOString()}, before the signature's verified time ${verified.signedAt.toISOString()}`,
    );
  if (compareInstants(approvedAt, signedAt) > 0)
    throw new AttestError(
      'APPROVAL_DATES_INVALID',
      `the approval says it was given at ${p.approvedAt}, after it was signed (${verified.signedAt.toISOString()})`,
    );
  if (expiresAt !== undefined && compareInstants(at, expiresAt) >= 0)
    throw new AttestError('APPROVAL_EXPIRED', `the approval expired at ${p.expiresAt}`);
}

function predicateTime(text: string, field: string): Instant {
  const instant = parseRfc3339(text);
  if (instant === undefined)
    throw new AttestError(
      'APPROVAL_DATES_INVALID',
      `the approval's ${field} ${JSON.stringify(text)} is not a real RFC 3339 time`,
    );
  return instant;
}
