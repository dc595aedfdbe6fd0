import type { TrustMaterial } from '@sigstore/verify';
import {
  type Change,
  type CompiledAttestorPolicy,
  type CompiledPolicy,
  canonicalDigest,
  checkTree,
  classify,
  DEFAULT_DOCUMENT_LIMITS,
  maxTier,
  type ReviewInput,
  type Tier,
  type TypedOrUnknown,
  tierRank,
} from '@trustladder/core';
import { type VerifiedApproval, verifyApproval } from './approval.js';
import {
  invalidArgument,
  optionalDate,
  requireDigest,
  requireFunction,
  requireObject,
  requireString,
  requireTier,
} from './arguments.js';
import type { AttestErrorCode } from './errors.js';
import { firstApproval } from './first-approval.js';
import type { VerificationThresholds } from './verify-attestation.js';

/** The pull request under review (schemas/review-input.schema.json). */
export interface ReviewPullRequest {
  readonly repo: string;
  readonly number?: number;
  readonly headSha?: string;
  /** sha256 of the change's canonical JSON; approvals name it. */
  readonly changeDigest: string;
  /** The change itself (schemas/change.schema.json): the gate classifies it and checks its digest. */
  readonly change: unknown;
  /** What CI said. Never trusted: only cross-checked, and any disagreement blocks. */
  readonly classification?: { readonly tier: Tier; readonly policy: { readonly digest: string } };
}

/** The fields of a TaskSpec the review gate reads; any TaskSpec fits. */
export interface ReviewTask {
  readonly id: string;
  readonly tier: Tier;
}

/**
 * A typed caller's pull request: `pr` of the generated `ReviewInput`
 * (schemas/review-input.schema.json) with its change, which the gate needs (a CLI may read it
 * from --change or --git instead of the input, so the schema leaves it optional).
 */
export type ReviewPullRequestDocument = Omit<ReviewInput['pr'], 'change'> & { readonly change: Change };

/** A typed caller's task: `task` of the generated `ReviewInput` (any TaskSpec fits). */
export type ReviewTaskDocument = ReviewInput['task'];

export interface ReviewGateOptions {
  readonly attestors: CompiledAttestorPolicy;
  readonly trust: TrustMaterial;
  /** The blast-radius policy the gate classifies the change under; approvals must name its digest. */
  readonly policy: CompiledPolicy;
  readonly thresholds?: VerificationThresholds;
  /**
   * Judge approvals as of this time (default: now). The result says `asOf: true`; a time
   * before an approval's signature is refused, so an as-of run cannot revive an expiry.
   */
  readonly at?: Date;
}

/** pass: CI may merge on its own; block: refused; human: only a human may approve. */
export type ReviewDecision = 'pass' | 'block' | 'human';

export type ReviewReasonCode =
  | 'ci-only' // T0/T1: CI and the agent reviewer suffice
  | 'tier-exceeded' // the change classifies above its task's tier: dispatched at the wrong tier
  | 'change-digest-mismatch' // the change given is not the one changeDigest names
  | 'classification-mismatch' // the classification CI stated is not the gate's own
  | 'repo-mismatch' // the change names another repository than the pull request
  | 'approval-verified' // a required human approval verified and is bound to this change
  | 'approval-missing' // a required human approval is absent or was refused
  | 'human-required'; // T3: never approved by an agent

export interface ReviewReason {
  readonly code: ReviewReasonCode;
  readonly message: string;
  readonly attestor?: string;
}

export interface RefusedAttestation {
  /** Index of the attestation in the input. */
  readonly index: number;
  readonly code: AttestErrorCode;
  readonly message: string;
}

export interface ReviewResult {
  readonly decision: ReviewDecision;
  readonly tier: Tier;
  readonly taskId: string;
  /** The gate's own classification of the change, and the digest it computed. */
  readonly classification: {
    readonly tier: Tier;
    readonly policy: { readonly name: string; readonly digest: string };
  };
  readonly changeDigest: string;
  /** The time approvals were judged at (RFC 3339). */
  readonly at: string;
  /** True when the caller chose the time (an audit "as of" then), false for the clock. */
  readonly asOf: boolean;
  readonly reasons: readonly ReviewReason[];
  readonly approvals: ReadonlyArray<{
    readonly attestor: string;
    readonly approver: string;
    readonly identity: { readonly issuer: string; readonly subject: string };
  }>;
  readonly refused: readonly RefusedAttestation[];
}

// Layer 2, the review gate. It trusts no decision it can recompute: it classifies the change
// itself under the given policy and checks that the change is the one changeDigest names; a
// classification CI stated is only cross-checked. The tier is the higher of the task's and
// the change's (an agent cannot lower its work's tier by describing the task modestly), and
// a change above its task's tier blocks: the work was dispatched at the wrong tier.
// T0 and T1 pass on CI. T2 passes only with a verified interface approval from every human
// attestor the tier requires, each its own bundle, bound to this task, tier, change, repository
// and policy. T3 never passes here: the gate reports what it verified and hands it to a human.
//
// Typed callers pass the generated ReviewInput's pr (with its change) and task, so a change
// with `status: 'bogus'` does not compile; untrusted input passes as `unknown`. Either way
// every argument is checked at run time and the change validated by the classifier: a typed
// call is a convenience, never a reason to skip a check.
export function reviewGate<P = unknown, T = unknown>(
  pr: TypedOrUnknown<P, ReviewPullRequestDocument>,
  task: TypedOrUnknown<T, ReviewTaskDocument>,
  attestations: readonly unknown[],
  options: ReviewGateOptions,
): ReviewResult;
export function reviewGate(
  prInput: unknown,
  taskInput: unknown,
  attestations: readonly unknown[],
  options: ReviewGateOptions,
): ReviewResult {
  const args = checkArguments(prInput, taskInput, attestations, options);
  // Checked above: the fields the gate reads have their types (the change is the classifier's).
  const pr = prInput as ReviewPullRequest;
  const task = taskInput as ReviewTask;
  const own = classify(options.policy, pr.change, { source: 'pr.change' });
  const changeDigest = canonicalDigest(pr.change);
  const tier = maxTier(args.taskTier, own.tier);
  const reasons: ReviewReason[] = [...crossChecks(pr, changeDigest, own)];
  const refused: RefusedAttestation[] = [];
  const approvals: VerifiedApproval[] = [];
  const exceeded = tierRank(own.tier) > tierRank(args.taskTier);
  if (exceeded) {
    reasons.push({
      code: 'tier-exceeded',
      message: `the change classifies as ${own.tier}, above task ${task.id}'s ${task.tier}: escalate and re-dispatch`,
    });
  }
  const humans = (options.attestors.tier(tier)?.require ?? []).filter((a) => a.role === 'human');
  if (tierRank(tier) >= tierRank('T2')) {
    const context = {
      trust: options.trust,
      policy: options.attestors,
      ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    };
    const expected = {
      taskId: task.id,
      tier,
      changeDigest,
      repo: pr.repo,
      policyDigest: options.policy.digest,
      at: args.at,
    };
    const signatures = new Set<string>();
    attestations.forEach((bundle, index) => {
      const outcome = firstApproval(humans, (a) => verifyApproval(bundle, a, expected, context));
      if ('error' in outcome) {
        refused.push({ index, code: outcome.error.code, message: outcome.error.message });
      } else if (signatures.has(outcome.approval.signature)) {
        refused.push({
          index,
          code: 'DUPLICATE_ATTESTATION',
          message: 'the same signature was given before; it counts once',
        });
      } else {
        signatures.add(outcome.approval.signature);
        approvals.push(outcome.approval);
      }
    });
    // Each required attestor is satisfied only by an approval verified as that attestor: one
    // bundle verifies as at most one attestor, so no approval counts twice.
    for (const attestor of humans) {
      const found = approvals.find((a) => a.attestor === attestor.name);
      reasons.push(
        found
          ? {
              code: 'approval-verified',
              attestor: attestor.name,
              message: `${attestor.name} approved (${found.predicate.approver.id}, signed by ${found.identity.subject})`,
            }
          : {
              code: 'approval-missing',
              attestor: attestor.name,
              message: `no verified ${attestor.predicateType} attestation from ${attestor.name} for this change`,
            },
      );
    }
  }
  const blocking = new Set<ReviewReasonCode>([
    'tier-exceeded',
    'change-digest-mismatch',
    'classification-mismatch',
    'repo-mismatch',
  ]);
  let decision: ReviewDecision;
  if (reasons.some((r) => blocking.has(r.code))) {
    decision = 'block';
  } else if (tier === 'T3') {
    reasons.push({
      code: 'human-required',
      message: 'T3 is never approved by an agent: a human reviews and merges',
    });
    decision = 'human';
  } else if (reasons.some((r) => r.code === 'approval-missing')) {
    decision = 'block';
  } else {
    if (tierRank(tier) < tierRank('T2'))
      reasons.push({ code: 'ci-only', message: `${tier}: CI and review suffice` });
    decision = 'pass';
  }
  return {
    decision,
    tier,
    taskId: task.id,
    classification: { tier: own.tier, policy: own.policy },
    changeDigest,
    at: args.at.toISOString(),
    asOf: options.at !== undefined,
    reasons,
    approvals: approvals.map((a) => ({
      attestor: a.attestor,
      approver: a.predicate.approver.id,
      identity: a.identity,
    })),
    refused,
  };
}

// What the input states but the gate recomputed: each disagreement is a blocking reason.
function crossChecks(
  pr: ReviewPullRequest,
  changeDigest: string,
  own: ReturnType<typeof classify>,
): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (changeDigest !== pr.changeDigest)
    reasons.push({
      code: 'change-digest-mismatch',
      message: `the change's digest is ${changeDigest}, not the ${pr.changeDigest} under review`,
    });
  const changeRepo = (pr.change as { repo?: unknown }).repo;
  if (changeRepo !== undefined && changeRepo !== pr.repo)
    reasons.push({
      code: 'repo-mismatch',
      message: `the change is in ${String(changeRepo)}, the pull request in ${pr.repo}`,
    });
  const stated = pr.classification;
  if (stated !== undefined && (stated.tier !== own.tier || stated.policy.digest !== own.policy.digest))
    reasons.push({
      code: 'classification-mismatch',
      message: `the input says ${stated.tier} under ${stated.policy.digest}; the gate classifies ${own.tier} under ${own.policy.digest}`,
    });
  return reasons;
}

function checkArguments(
  pr: unknown,
  task: unknown,
  attestations: readonly unknown[],
  options: ReviewGateOptions,
): { readonly taskTier: Tier; readonly at: Date } {
  const p = requireObject(pr, 'pr');
  requireString(p.repo, 'pr.repo');
  requireDigest(p.changeDigest, 'pr.changeDigest');
  if (p.change === undefined)
    invalidArgument('pr.change', 'is required: the gate classifies the change itself');
  // Bounded before anything recursive (canonical JSON) reads it.
  const [first] = checkTree(p.change, DEFAULT_DOCUMENT_LIMITS, 'JSON');
  if (first !== undefined) invalidArgument(`pr.change${first.path}`, first.message);
  if (p.classification !== undefined) {
    const c = requireObject(p.classification, 'pr.classification');
    requireTier(c.tier, 'pr.classification.tier');
    requireDigest(
      requireObject(c.policy, 'pr.classification.policy').digest,
      'pr.classification.policy.digest',
    );
  }
  const t = requireObject(task, 'task');
  requireString(t.id, 'task.id');
  const taskTier = requireTier(t.tier, 'task.tier');
  if (!Array.isArray(attestations)) invalidArgument('attestations', 'must be an array');
  const o = requireObject(options, 'options');
  requireFunction(requireObject(o.attestors, 'options.attestors'), 'tier', 'options.attestors');
  requireObject(o.trust, 'options.trust');
  const policy = requireObject(o.policy, 'options.policy');
  requireDigest(policy.digest, 'options.policy.digest');
  if (!Array.isArray(policy.rules))
    invalidArgument('options.policy', 'is not a compiled blast-radius policy');
  return { taskTier, at: optionalDate(o.at, 'options.at') ?? new Date() };
}
