import type { Tier } from '../tier.js';
import type { LedgerProjection } from './projection.js';
import type { QuarantinedRecord } from './subject-state.types.js';

/** What `ledger status --json` prints (schemas/ledger-status.schema.json). */
export interface LedgerStatus {
  readonly at: string;
  readonly subjects: readonly {
    readonly agent: string;
    readonly taskClass: string;
    readonly ceiling: Tier;
    readonly streak: number;
    readonly cooldownUntil: string | null;
    readonly violations: number;
    readonly quarantined: QuarantinedRecord | null;
    /** Runs since first seen or last reset; while below observedRuns, dispatch needs an observer. */
    readonly runs: number;
    /** Runs still to be made under a named human observer (0 once the class is no longer novel). */
    readonly observedRunsLeft: number;
  }[];
}

/** The status document of a projection, labelled with the time it is as of. */
export function ledgerStatus(projection: LedgerProjection, at: string): LedgerStatus {
  return {
    at,
    subjects: projection.states().map((s) => ({
      agent: s.agent,
      taskClass: s.taskClass,
      ceiling: s.ceiling,
      streak: s.streak,
      cooldownUntil: s.cooldownUntil,
      violations: s.violations,
      quarantined: s.quarantined,
      runs: s.runCount,
      observedRunsLeft: Math.max(0, projection.ladder.observedRuns - s.runCount),
    })),
  };
}
