import type { Tier } from '../tier.js';

/** The state a reset set aside for human review. */
export interface QuarantinedRecord {
  readonly ceiling: Tier;
  readonly streak: number;
  /** When the reset happened. */
  readonly at: string;
}

/** One subject (agent, task class) as of some point of the log. */
export interface SubjectState {
  readonly agent: string;
  readonly taskClass: string;
  readonly ceiling: Tier;
  /** Successful runs at the current ceiling, unbroken, within the window of the newest. */
  readonly streak: number;
  /**
   * The ids of the runs that make up the streak, oldest first, at a ceiling with a promotion
   * step (the runs a promotion would name). Empty at a ceiling without one, where the runs can
   * never earn anything and `streak` alone counts them.
   */
  readonly streakRuns: readonly string[];
  /** No promotion before this instant (RFC 3339), or null. */
  readonly cooldownUntil: string | null;
  /** Runs recorded above the ceiling the subject had at the time. */
  readonly violations: number;
  readonly quarantined: QuarantinedRecord | null;
  /** Runs recorded since the subject was first seen or last reset (novel-class observation). */
  readonly runCount: number;
}

/** A run recorded above the subject's ceiling: flagged, never counted. */
export interface Violation {
  readonly id: string;
  readonly at: string;
  readonly agent: string;
  readonly taskClass: string;
  readonly tier: Tier;
  readonly ceiling: Tier;
  readonly outcome: string;
}
