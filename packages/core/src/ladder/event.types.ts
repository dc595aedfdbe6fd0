import type { Tier } from '../tier.js';
import type { RunOutcome } from './trust-ladder.types.js';

// Ledger events (schemas/ledger-event.schema.json), a tagged union on `type`. A subject is
// (agent, task class). Time is `at` (RFC 3339 UTC) and nothing else.

interface EventBase {
  readonly at: string;
  readonly agent: string;
}

export interface RunCompleted extends EventBase {
  readonly type: 'RunCompleted';
  readonly taskClass: string;
  readonly tier: Tier;
  readonly outcome: RunOutcome;
  readonly taskId?: string;
}

export interface ModelChanged extends EventBase {
  readonly type: 'ModelChanged';
  readonly from: string;
  readonly to: string;
}

export interface DriftDetected extends EventBase {
  readonly type: 'DriftDetected';
  /** Share (0..1) of the canary suite whose behaviour changed. */
  readonly score: number;
}

/** A human sets a ceiling (never above maxAutoCeiling). */
export interface CeilingSet extends EventBase {
  readonly type: 'CeilingSet';
  readonly taskClass: string;
  readonly tier: Tier;
  readonly by: string;
  readonly reason: string;
}

interface CeilingChangeBase extends EventBase {
  readonly taskClass: string;
  readonly from: Tier;
  readonly to: Tier;
  /** The id of the event that caused the change. */
  readonly cause: string;
}
export interface CeilingPromoted extends CeilingChangeBase {
  readonly type: 'CeilingPromoted';
}
export interface CeilingDemoted extends CeilingChangeBase {
  readonly type: 'CeilingDemoted';
}
export interface CeilingReset extends CeilingChangeBase {
  readonly type: 'CeilingReset';
}

/** What raised an escalation (docs/failure-modes.md). */
export type EscalationTrigger = 'discovered' | 'stall' | 'repeated-failure';

/** Work turned out larger than the tier it was dispatched at. */
export interface EscalationRequired extends EventBase {
  readonly type: 'EscalationRequired';
  readonly taskId: string;
  readonly taskClass: string;
  readonly tier: Tier;
  readonly requiredTier: Tier;
  readonly context: string;
  /** Absent: reported by the agent itself (`discovered`). */
  readonly trigger?: EscalationTrigger;
  /** The rules that raised the work's tier, and the files that made them match. */
  readonly rules?: readonly string[];
  readonly surfaces?: readonly string[];
  readonly policy?: { readonly name: string; readonly digest: string };
}

/** Re-classifying an open task under the current policy gave another tier. */
export interface ClassificationDisagreed extends EventBase {
  readonly type: 'ClassificationDisagreed';
  readonly taskId: string;
  readonly taskClass: string;
  readonly recordedTier: Tier;
  readonly currentTier: Tier;
  readonly policy: { readonly name: string; readonly digest: string };
  /** The rules that decided the current tier, and the files that made them match. */
  readonly rules?: readonly string[];
  readonly surfaces?: readonly string[];
}

/**
 * A heartbeat of a run in progress: the stall guard escalates a run with none for too long,
 * or one failing repeatedly on work classified above its tier (`workTier`).
 */
export interface RunProgressed extends EventBase {
  readonly type: 'RunProgressed';
  readonly taskId: string;
  readonly taskClass: string;
  /** The tier the task was dispatched at. */
  readonly tier: Tier;
  /** The tier of the work in progress, when it was classified. */
  readonly workTier?: Tier;
  readonly status: 'ok' | 'failing';
  readonly note?: string;
}

/** What the post-hoc approval audit flags (docs/failure-modes.md). */
export type ApprovalFlagCode =
  | 'rushed'
  | 'off-hours'
  | 'concentrated'
  | 'grew-after-signing'
  | 'admission-without-approval'
  // An approval bundle that did not verify: it never counts as an approval.
  | 'unverified-approval';

/** The post-hoc audit found an approval (or an admission) to look at again. */
export interface ApprovalFlagged extends EventBase {
  readonly type: 'ApprovalFlagged';
  /** What was approved or admitted: a task id, a PR, an image digest. */
  readonly subject: string;
  readonly kind: 'cosign' | 'interface' | 'admission';
  /** The approver, when there was an approval. */
  readonly by?: string;
  readonly flags: readonly ApprovalFlagCode[];
  readonly detail: string;
}

// Remediation ladder and progressive trust levels (docs/remediation.md, docs/trust-levels.md).
// They share the ledger (one hash chain, one order) but never touch an agent ceiling: the
// ceiling fold ignores them. `agent` is the remediation pipeline, or the automation whose
// trust level is set.

/** The four remediation levels, least autonomy first. */
export type RemediationLevelName = 'observe' | 'selective' | 'approve' | 'automate';

/** The one outcome of a remediation request. */
export type RemediationOutcome =
  | 'DryRun'
  | 'Suppressed'
  | 'AwaitingApproval'
  | 'Execute'
  | 'ManualReviewRequired';

/** How an approval request ended: exactly one of these. */
export type ApprovalEnd = 'Approved' | 'Rejected' | 'Expired' | 'Superseded';

export interface RemediationTarget {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

/** A remediation request with the outcome the ladder gave it, and why. */
export interface RemediationRequested extends EventBase {
  readonly type: 'RemediationRequested';
  readonly requestId: string;
  readonly fingerprint: string;
  readonly workflow: string;
  readonly parameters?: Readonly<Record<string, string>>;
  readonly target: RemediationTarget;
  readonly environment: string;
  readonly confidence: number;
  /** The shadow agent's verdict; absent means not checked (fail closed). */
  readonly alignment?: 'aligned' | 'misaligned';
  /** A per-request approval expiry (`30m`), first in the resolution order. */
  readonly approvalExpiry?: string;
  readonly outcome: RemediationOutcome;
  readonly level: RemediationLevelName;
  /** The ladder entry that decided the level (`workflow[/ns=..][/env=..]`, or `default`). */
  readonly scope: string;
  readonly reasons: readonly string[];
  /** AwaitingApproval: when the approval request expires. */
  readonly expiresAt?: string;
  /** DryRun: until when the fingerprint is suppressed. Suppressed: the hold it fell in. */
  readonly suppressedUntil?: string;
  /** The approval policy's decision, when it was asked. */
  readonly approval?: { readonly requireApproval: boolean; readonly reasons: readonly string[] };
}

/** How an approval request ended, and who (or what) ended it. */
export interface RemediationDecided extends EventBase {
  readonly type: 'RemediationDecided';
  readonly requestId: string;
  readonly decision: ApprovalEnd;
  readonly by: string;
  readonly reason?: string;
  /** Approved: the workflow or parameters the approver substituted. */
  readonly override?: { readonly workflow?: string; readonly parameters?: Readonly<Record<string, string>> };
  /** Superseded: the request that took its place. */
  readonly supersededBy?: string;
}

/** How well an executed remediation worked (the effectiveness monitor's score). */
export interface RemediationAssessed extends EventBase {
  readonly type: 'RemediationAssessed';
  readonly requestId: string;
  /** 0..1, 1 a full fix. */
  readonly score: number;
}

/** A human moves a ladder entry to another level. */
export interface RemediationLevelMoved extends EventBase {
  readonly type: 'RemediationLevelMoved';
  /** The ladder entry moved, as in RemediationRequested.scope. */
  readonly scope: string;
  readonly from: RemediationLevelName;
  readonly to: RemediationLevelName;
  readonly by: string;
  readonly reason: string;
}

/** A human sets an automation's progressive trust level for one application and environment. */
export interface TrustLevelSet extends EventBase {
  readonly type: 'TrustLevelSet';
  readonly application: string;
  readonly environment: string;
  /** 0 OBSERVE .. 5 AUTONOMOUS. */
  readonly level: 0 | 1 | 2 | 3 | 4 | 5;
  readonly by: string;
  readonly reason: string;
}

/** Remediation and trust-level events: recorded in the ledger, ignored by the ceiling fold. */
export type LadderSideEvent =
  | RemediationRequested
  | RemediationDecided
  | RemediationAssessed
  | RemediationLevelMoved
  | TrustLevelSet;

export const SIDE_EVENT_TYPES: ReadonlySet<LedgerEventType> = new Set([
  'RemediationRequested',
  'RemediationDecided',
  'RemediationAssessed',
  'RemediationLevelMoved',
  'TrustLevelSet',
]);

/** The failure-mode signals (docs/failure-modes.md): recorded, audited, never move a ceiling. */
export const FAILURE_MODE_EVENT_TYPES: ReadonlySet<LedgerEventType> = new Set([
  'EscalationRequired',
  'ClassificationDisagreed',
  'RunProgressed',
  'ApprovalFlagged',
]);

/** Events only the engine writes, in the same atomic append as their cause. */
export type DerivedEvent = CeilingPromoted | CeilingDemoted | CeilingReset;

/** Events the orchestrator and humans write. */
export type InputEvent =
  | RunCompleted
  | ModelChanged
  | DriftDetected
  | CeilingSet
  | EscalationRequired
  | ClassificationDisagreed
  | RunProgressed
  | ApprovalFlagged
  | LadderSideEvent;

export type LedgerEvent = InputEvent | DerivedEvent;
export type LedgerEventType = LedgerEvent['type'];

export const DERIVED_EVENT_TYPES: ReadonlySet<LedgerEventType> = new Set([
  'CeilingPromoted',
  'CeilingDemoted',
  'CeilingReset',
]);

export function isDerivedEvent(event: LedgerEvent): event is DerivedEvent {
  return DERIVED_EVENT_TYPES.has(event.type);
}

/** An event as the store holds it: with its id and its position (seq, from 1). */
export type RecordedEvent<E extends LedgerEvent = LedgerEvent> = E & {
  readonly id: string;
  readonly seq: number;
};

/** An event ready to append: the store assigns seq; the id is assigned before deriving. */
export type IdentifiedEvent<E extends LedgerEvent = LedgerEvent> = E & { readonly id: string };
