import { type Tier, tierRank } from '@trustladder/core';

// Agreement between hand labels and the classifier. UNDER (the classifier below the label)
// is the failure that matters: an under-classified change skips the gates its tier demands.
// OVER costs human attention, so it is bounded as a share of the whole part.

export type Verdict = 'agree' | 'under' | 'over';

export interface Outcome {
  readonly label: Tier;
  readonly tier: Tier;
}

export interface ConfusionRow {
  readonly label: Tier;
  readonly agree: number;
  readonly under: number;
  readonly over: number;
}

export interface Confusion {
  readonly rows: readonly ConfusionRow[];
  readonly total: number;
  readonly under: number;
  readonly over: number;
  /** over / total (0 for an empty part). */
  readonly overRate: number;
}

export function verdict(outcome: Outcome): Verdict {
  const difference = tierRank(outcome.tier) - tierRank(outcome.label);
  return difference === 0 ? 'agree' : difference < 0 ? 'under' : 'over';
}

/** One row per label tier (T0..T3), counting agree, under and over. */
export function confusion(outcomes: readonly Outcome[]): Confusion {
  const rows = (['T0', 'T1', 'T2', 'T3'] as const).map((label) => {
    const row = { label, agree: 0, under: 0, over: 0 };
    for (const outcome of outcomes) if (outcome.label === label) row[verdict(outcome)] += 1;
    return row;
  });
  const under = rows.reduce((sum, row) => sum + row.under, 0);
  const over = rows.reduce((sum, row) => sum + row.over, 0);
  const total = outcomes.length;
  return { rows, total, under, over, overRate: total === 0 ? 0 : over / total };
}
