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
    })),
  };
}
