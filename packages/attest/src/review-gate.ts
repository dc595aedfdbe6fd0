import type { TrustMaterial } from '@sigstore/verify';
import {
  type CompiledAttestor,
  type CompiledAttestorPolicy,
  maxTier,
  type Tier,
  tierRank,
} from '@trustladder/core';
import { type VerifiedApproval, verifyApproval } from './approval.js';
import { AttestError, type AttestErrorCode } from './errors.js';
import type { VerificationThresholds } from './verify-attestation.js';

/** The pull request as CI classified it (schemas/review-input.schema.json). */
export interface ReviewPullRequest {
  readonly repo: string;
  readonly number?: number;
  readonly headSha?: string;
  /** sha256 of the change's canonical JSON; approvals name it. */
  readonly changeDigest: string;
  readonly classification: { readonly tier: Tier; readonly policy: { readonly digest: string } };
}

/** The fields of a TaskSpec the review gate reads; any TaskSpec fits. */
export interface ReviewTask {
  readonly id: string;
  readonly tier: Tier;
}

export interface ReviewGateOptions {
  readonly attestors: CompiledAttestorPolicy;
  readonly trust: TrustMaterial;
  readonly thresholds?: VerificationThresholds;
  /** The time approvals must not have expired by (default: now). */
  readonly at?: Date;
}

/** pass: CI may merge on its own; block: refused; human: only a human may approve. */
export type ReviewDecision = 'pass' | 'block' | 'human';

export type ReviewReasonCode =
  | 'ci-only' // T0/T1: CI and the agent reviewer suffice
  | 'tier-exceeded' // the change classifies above its task's tier: the agent must escalate
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
  readonly reasons: readonly ReviewReason[];
  readonly approvals: ReadonlyArray<{
    readonly attestor: string;
    readonly approver: string;
    readonly identity: { readonly issuer: string; readonly subject: string };
  }>;
  readonly refused: readonly RefusedAttestation[];
}

// Layer 2, the review gate. The tier is the higher of the task's and the change's own
// classification (an agent cannot lower its work's tier by describing the task modestly).
// T0 and T1 pass on CI. T2 passes only with a verified interface approval, from every human
// attestor the tier requires, bound to this task, tier, change and policy. T3 never passes
// here: the gate reports what it verified and hands the decision to a human.
export function reviewGate(
  pr: ReviewPullRequest,
  task: ReviewTask,
  attestations: readonly unknown[],
  options: ReviewGateOptions,
): ReviewResult {
  const tier = maxTier(task.tier, pr.classification.tier);
  const reasons: ReviewReason[] = [];
  const refused: RefusedAttestation[] = [];
  const approvals: VerifiedApproval[] = [];
  const exceeded = tierRank(pr.classification.tier) > tierRank(task.tier);
  if (exceeded) {
    reasons.push({
      code: 'tier-exceeded',
      message: `the change classifies as ${pr.classification.tier}, above task ${task.id}'s ${task.tier}: escalate and re-dispatch`,
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
      changeDigest: pr.changeDigest,
      policyDigest: pr.classification.policy.digest,
      at: options.at ?? new Date(),
    };
    attestations.forEach((bundle, index) => {
      const outcome = firstApproval(humans, (a) => verifyApproval(bundle, a, expected, context));
      if ('approval' in outcome) approvals.push(outcome.approval);
      else refused.push({ index, code: outcome.error.code, message: outcome.error.message });
    });
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
  let decision: ReviewDecision;
  if (tier === 'T3') {
    reasons.push({
      code: 'human-required',
      message: 'T3 is never approved by an agent: a human reviews and merges',
    });
    decision = 'human';
  } else if (exceeded || reasons.some((r) => r.code === 'approval-missing')) {
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
    reasons,
    approvals: approvals.map((a) => ({
      attestor: a.attestor,
      approver: a.predicate.approver.id,
      identity: a.identity,
    })),
    refused,
  };
}

// Tries a bundle against every candidate attestor. When none accepts it, the refusal that
// says most is kept: one from the attestor whose identity signed (a stale or misbound
// approval) over the identity mismatches of all the others.
function firstApproval(
  candidates: readonly CompiledAttestor[],
  verify: (a: CompiledAttestor) => VerifiedApproval,
): { approval: VerifiedApproval } | { error: AttestError } {
  const errors: AttestError[] = [];
  for (const attestor of candidates) {
    try {
      return { approval: verify(attestor) };
    } catch (e) {
      if (!(e instanceof AttestError)) throw e;
      errors.push(e);
    }
  }
  const identity = new Set<AttestErrorCode>(['SUBJECT_MISMATCH', 'ISSUER_MISMATCH']);
  const best = errors.find((e) => !identity.has(e.code)) ?? errors[0];
  return { error: best ?? new AttestError('SUBJECT_MISMATCH', 'the tier requires no human attestor') };
}
