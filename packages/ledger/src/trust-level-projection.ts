import { type LedgerEvent, type TrustLevelRecord, TrustLevelState } from '@trustladder/core';
import { LedgerError } from './errors.js';
import type { ProjectionRecord } from './event-store.types.js';

// The trust levels as keyed projection rows: the latest TrustLevelSet per (automation,
// application, environment), environments compared case-insensitively as the fold does.

export const TRUST_LEVEL_KIND = 'trust-level';

/** The row key: a JSON array, unambiguous and free of NUL (which PostgreSQL text refuses). */
export function trustLevelKey(agent: string, application: string, environment: string): string {
  return JSON.stringify([agent, application, environment.toLowerCase()]);
}

/** The rows of every level in a fold. */
export function trustLevelRecords(state: TrustLevelState): ProjectionRecord[] {
  return state.all().map((r) => ({
    kind: TRUST_LEVEL_KIND,
    key: trustLevelKey(r.agent, r.application, r.environment),
    value: JSON.stringify(r),
  }));
}

/** The trust levels set by these events alone (what an append adds to the projection). */
export function trustLevelsOf(events: Iterable<LedgerEvent & { readonly id?: string }>): TrustLevelState {
  const state = new TrustLevelState();
  for (const e of events) state.apply(e);
  return state;
}

/** A fold resumed from stored rows, which are untrusted: a malformed one is CORRUPT. */
export function restoreTrustLevels(records: readonly ProjectionRecord[], location: string): TrustLevelState {
  const state = new TrustLevelState();
  for (const row of records) {
    let r: TrustLevelRecord | undefined;
    try {
      r = JSON.parse(row.value) as TrustLevelRecord;
    } catch {
      r = undefined;
    }
    if (
      !r ||
      typeof r.agent !== 'string' ||
      typeof r.application !== 'string' ||
      typeof r.environment !== 'string' ||
      !Number.isInteger(r.level) ||
      trustLevelKey(r.agent, r.application, r.environment) !== row.key
    )
      throw new LedgerError(
        'CORRUPT',
        `${location}: a trust-level projection row is damaged; run \`trustladder ledger verify\``,
        {
          location,
        },
      );
    const { id, ...rest } = r;
    state.apply({ type: 'TrustLevelSet', ...rest, ...(id === null ? {} : { id }) } as LedgerEvent & {
      id?: string;
    });
  }
  return state;
}
