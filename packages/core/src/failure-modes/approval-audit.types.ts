import type { ApprovalFlagCode } from '../ladder/event.types.js';
import type { Tier } from '../tier.js';

// The post-hoc audit of human approvals (docs/failure-modes.md, "a human mis-approves T3 under
// time pressure"): what it audits (schemas/verified-approvals.schema.json), the bundles that
// did not verify, settings and report (schemas/approval-audit-report.schema.json).

/**
 * One approval whose Sigstore bundle verified (`verifyAuditApprovals` in @trustladder/attest
 * builds these): a T3 co-sign or a T2 interface approval. kind, taskId, by, approvedAt, tier
 * and the digests are the verified predicate's; requestedAt, timeZone and change are the
 * audit input's (what a signature cannot say).
 */
export interface AuditedApproval {
  readonly kind: 'cosign' | 'interface';
  readonly taskId: string;
  /** The approving human (the predicate's approver.id). */
  readonly by: string;
  /** The approver's IANA time zone (Europe/Oslo); absent: working hours cannot be shown. */
  readonly timeZone?: string;
  readonly requestedAt: string;
  readonly approvedAt: string;
  readonly tier?: Tier;
  readonly imageDigest?: string;
  readonly changeDigest?: string;
  /** The change as signed and as it is now: lines added plus deleted, and its digest now. */
  readonly change?: {
    readonly signedLines?: number;
    readonly currentLines?: number;
    readonly currentDigest?: string;
  };
}

/** One admission of an image into a tiered namespace (a PolicyReport pass result). */
export interface Admission {
  readonly at: string;
  readonly namespace: string;
  /** The admitted resource, `Kind/name`. */
  readonly resource: string;
  readonly policy: string;
  /** The image digest admitted; null when the report does not say (never matched: fail closed). */
  readonly imageDigest: string | null;
  readonly tier: Tier;
}

/** An approval bundle that did not verify: never an approval, always a finding. */
export interface UnverifiedApproval {
  /** Where the bundle came from (its file): the finding's subject. */
  readonly source: string;
  readonly kind: 'cosign' | 'interface';
  /** The verifier's refusal code (AttestErrorCode: SUBJECT_MISMATCH, APPROVAL_EXPIRED, ...). */
  readonly code: string;
  readonly message: string;
}

export interface ApprovalAuditSettings {
  /** An approval given less than this many seconds after the request is rushed. */
  readonly minReviewSeconds: number;
  /** Working hours in the approver's time zone: [start, end) as minutes after midnight. */
  readonly workingHours: { readonly start: number; readonly end: number };
  /** Working days, 1 = Monday .. 7 = Sunday. */
  readonly workingDays: readonly number[];
  /** An approver who signs more than this share of the co-signs is flagged (0..1). */
  readonly maxShare: number;
  /** The share is judged only from this many co-signs on (too few say nothing). */
  readonly minCosignsForShare: number;
}

export const DEFAULT_APPROVAL_AUDIT_SETTINGS: ApprovalAuditSettings = {
  minReviewSeconds: 600,
  workingHours: { start: 9 * 60, end: 18 * 60 },
  workingDays: [1, 2, 3, 4, 5],
  maxShare: 0.5,
  minCosignsForShare: 4,
};

/** One thing to look at again, with every reason. */
export interface ApprovalFinding {
  readonly subject: string;
  readonly kind: 'cosign' | 'interface' | 'admission';
  readonly by: string | null;
  readonly flags: readonly ApprovalFlagCode[];
  /** One sentence per flag, in the order of `flags`. */
  readonly details: readonly string[];
}

export interface ApprovalAuditReport {
  /** Verified approvals: the only ones audited and matched to admissions. */
  readonly approvals: number;
  /** Approval bundles that did not verify (each also a finding). */
  readonly unverified: number;
  readonly admissions: number;
  /** Co-signs per approver, most first. */
  readonly cosignShares: readonly { readonly by: string; readonly count: number; readonly share: number }[];
  readonly findings: readonly ApprovalFinding[];
}
