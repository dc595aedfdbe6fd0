import type { TrustMaterial } from '@sigstore/verify';
import {
  type ApprovalVerifier,
  type CompiledAttestorPolicy,
  type CompiledPolicy,
  canonicalDigest,
  checkTree,
  DEFAULT_DOCUMENT_LIMITS,
} from '@trustladder/core';
import { verifyApproval } from './approval.js';
import { optionalDate, requireDigest, requireFunction, requireObject } from './arguments.js';
import { firstApproval } from './first-approval.js';
import type { VerificationThresholds } from './verify-attestation.js';

export interface TaskApprovalVerifierOptions {
  readonly attestors: CompiledAttestorPolicy;
  readonly trust: TrustMaterial;
  /** The blast-radius policy the dispatch gate classifies under; approvals must name its digest. */
  readonly policy: CompiledPolicy;
  /** The Sigstore bundles of the task's approvals, as parsed JSON. */
  readonly bundles: { readonly interface?: unknown; readonly cosign?: unknown };
  readonly thresholds?: VerificationThresholds;
  /** Judge the approvals at this time (default: now). */
  readonly at?: Date;
}

// The tier whose human attestors sign each kind of task approval (policies/attestors.yaml).
const TIER_OF_KIND = { interface: 'T2', cosign: 'T3' } as const;

/**
 * The dispatch gate's approval verifier: an approval counts only as a Sigstore attestation,
 * verified with the same verifier and attestor policy as the review gate, and bound to the
 * task (its id, the tier the gate applies, the digest of the task's change, its repository,
 * the policy). The human it names (the predicate's approver, signed by the approval
 * workflow) is what the gate takes as approver and, for a T3 co-sign, as driver. A task
 * without a change cannot be bound to a digest, so its approvals never verify.
 */
export function taskApprovalVerifier(options: TaskApprovalVerifierOptions): ApprovalVerifier {
  const o = requireObject(options, 'options');
  const attestors = requireObject(o.attestors, 'options.attestors');
  requireFunction(attestors, 'tier', 'options.attestors');
  requireObject(o.trust, 'options.trust');
  requireDigest(requireObject(o.policy, 'options.policy').digest, 'options.policy.digest');
  requireObject(o.bundles, 'options.bundles');
  const at = optionalDate(o.at, 'options.at');
  const context = {
    trust: options.trust,
    policy: options.attestors,
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
  };
  return (kind, _approval, task, tier) => {
    const bundle = options.bundles[kind];
    if (bundle === undefined) return { ok: false, reason: `no ${kind} attestation bundle was given` };
    if (task.change === undefined || checkTree(task.change, DEFAULT_DOCUMENT_LIMITS, 'JSON').length > 0)
      return {
        ok: false,
        reason: 'the task carries no (bounded) change: an approval is bound to its digest',
      };
    const humans = (options.attestors.tier(TIER_OF_KIND[kind])?.require ?? []).filter(
      (a) => a.role === 'human',
    );
    const expected = {
      taskId: task.id,
      tier,
      changeDigest: canonicalDigest(task.change),
      repo: task.repo,
      policyDigest: options.policy.digest,
      ...(at === undefined ? {} : { at }),
    };
    const outcome = firstApproval(humans, (a) => verifyApproval(bundle, a, expected, context));
    if ('error' in outcome) return { ok: false, reason: `${outcome.error.code}: ${outcome.error.message}` };
    return { ok: true, approver: outcome.approval.predicate.approver.id };
  };
}
