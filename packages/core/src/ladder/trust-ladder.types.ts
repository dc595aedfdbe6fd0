import type { Tier } from '../tier.js';

// The trust ladder (policies/trust-ladder.yaml, schemas/trust-ladder.schema.json): the
// document as written, and the compiled form the fold reads.

export const RUN_OUTCOMES = [
  'success',
  'rollback',
  'human-rework',
  'budget-overrun',
  'canary-abort',
  'slo-depletion',
] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];
export type FailureOutcome = Exclude<RunOutcome, 'success'>;

export interface TrustLadderDocument {
  readonly apiVersion: 'trustladder.dev/v1';
  readonly kind: 'TrustLadder';
  readonly metadata: { readonly name: string; readonly description?: string };
  readonly initialCeiling: Tier;
  readonly maxAutoCeiling: Tier;
  readonly promotion: readonly {
    readonly from: Tier;
    readonly to: Tier;
    readonly consecutiveSuccesses: number;
    readonly window: string;
  }[];
  readonly streakBreakers: readonly FailureOutcome[];
  readonly demotion: {
    readonly outcomes: readonly FailureOutcome[];
    readonly by: number;
    readonly cooldown: string;
  };
  readonly reset: { readonly onModelChange: boolean; readonly driftAbove: number };
  /** Observation of a new (agent, task class): its first `observedRuns` runs need a human observer. */
  readonly novelClass?: { readonly observedRuns?: number };
}

/** Runs a new subject makes under a named human observer when the ladder does not say. */
export const DEFAULT_OBSERVED_RUNS = 20;

export interface PromotionStep {
  readonly from: Tier;
  readonly to: Tier;
  readonly threshold: number;
  /** Microseconds: the streak's runs fall strictly within this of the newest. */
  readonly windowUs: number;
}

export interface TrustLadder {
  readonly name: string;
  /** sha256 of the document's canonical JSON, for the audit trail. */
  readonly digest: string;
  readonly initialCeiling: Tier;
  readonly maxAutoCeiling: Tier;
  /** The promotion step out of each tier that has one. */
  readonly steps: ReadonlyMap<Tier, PromotionStep>;
  readonly streakBreakers: ReadonlySet<FailureOutcome>;
  readonly demotion: {
    readonly outcomes: ReadonlySet<FailureOutcome>;
    readonly by: number;
    readonly cooldownUs: number;
  };
  readonly reset: { readonly onModelChange: boolean; readonly driftAbove: number };
  /** A subject's first this many runs (since first seen or last reset) need a human observer. */
  readonly observedRuns: number;
  /** The document as loaded. */
  readonly document: TrustLadderDocument;
}
