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

/** Work turned out larger than the tier it was dispatched at. */
export interface EscalationRequired extends EventBase {
  readonly type: 'EscalationRequired';
  readonly taskId: string;
  readonly taskClass: string;
  readonly tier: Tier;
  readonly requiredTier: Tier;
  readonly context: string;
}

/** Re-classifying an open task under the current policy gave another tier. */
export interface ClassificationDisagreed extends EventBase {
  readonly type: 'ClassificationDisagreed';
  readonly taskId: string;
  readonly taskClass: string;
  readonly recordedTier: Tier;
  readonly currentTier: Tier;
  readonly policy: { readonly name: string; readonly digest: string };
}

/** Events only the engine writes, in the same atomic append as their cause. */
export type DerivedEvent = CeilingPromoted | CeilingDemoted | CeilingReset;

/** Events the orchestrator and humans write. */
export type InputEvent =
  | RunCompleted
  | ModelChanged
  | DriftDetected
  | CeilingSet
  | EscalationRequired
  | ClassificationDisagreed;

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
