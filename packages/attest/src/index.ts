// @trustladder/attest: offline Sigstore attestation verification and the review gate.
export type { ApprovalExpectation, ApprovalPredicate, VerifiedApproval } from './approval.js';
export { verifyApproval } from './approval.js';
export { trustedRootOfAttestorPolicy } from './attestor-trusted-root.js';
export type { AuditApprovalEntry, AuditApprovalsOptions, AuditedApprovals } from './audit-approvals.js';
export { verifyAuditApprovals } from './audit-approvals.js';
export type { AttestErrorCode } from './errors.js';
export { AttestError, isAttestError } from './errors.js';
export type { LedgerCheckpointContext, VerifiedLedgerCheckpoint } from './ledger-checkpoint.js';
export { verifyLedgerCheckpoint } from './ledger-checkpoint.js';
export type {
  RefusedAttestation,
  ReviewDecision,
  ReviewGateOptions,
  ReviewPullRequest,
  ReviewPullRequestDocument,
  ReviewReason,
  ReviewReasonCode,
  ReviewResult,
  ReviewTask,
  ReviewTaskDocument,
} from './review-gate.js';
export { reviewGate } from './review-gate.js';
export type { InTotoStatement, InTotoSubject } from './statement.js';
export { IN_TOTO_PAYLOAD_TYPE, parseStatement } from './statement.js';
export type { TaskApprovalVerifierOptions } from './task-approval-verifier.js';
export { taskApprovalVerifier } from './task-approval-verifier.js';
export { loadTrustMaterial } from './trusted-root.js';
export type { VerificationThresholds, VerifiedAttestation, VerifyContext } from './verify-attestation.js';
export { assertDistinctIdentities, verifyAttestation } from './verify-attestation.js';
