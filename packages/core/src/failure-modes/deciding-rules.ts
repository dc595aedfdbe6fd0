import type { Classification } from '../classify/classification.types.js';
import { type Tier, tierRank } from '../tier.js';

/**
 * The rules of a classification above `floor` (true or unknown: an unknown rule raises the
 * tier too), and the files that made them match: what a human reads to see why a task moved.
 * Sorted, without repeats, at most 256 of each (the ledger event's bound).
 */
export function rulesAbove(c: Classification, floor: Tier): { rules: string[]; surfaces: string[] } {
  const raising = c.matches.filter((m) => tierRank(m.tier) > tierRank(floor));
  const rules = [...new Set(raising.map((m) => m.rule))].sort().slice(0, 256);
  const surfaces = [...new Set(raising.flatMap((m) => m.surfaces))].sort().slice(0, 256);
  return { rules, surfaces };
}

/** The rules that decided a classification's tier. */
export function decidingRules(c: Classification): { rules: string[]; surfaces: string[] } {
  const deciding = c.matches.filter((m) => m.tier === c.tier);
  return {
    rules: [...new Set(deciding.map((m) => m.rule))].sort().slice(0, 256),
    surfaces: [...new Set(deciding.flatMap((m) => m.surfaces))].sort().slice(0, 256),
  };
}
