// Tiers order blast radius: T0 (non-blast) < T1 (contained) < T2 (cross-cutting) < T3 (irreversible).
export const TIERS = ['T0', 'T1', 'T2', 'T3'] as const;
export type Tier = (typeof TIERS)[number];

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier);
}

export function compareTiers(a: Tier, b: Tier): number {
  return tierRank(a) - tierRank(b);
}

export function maxTier(a: Tier, b: Tier): Tier {
  return tierRank(a) >= tierRank(b) ? a : b;
}

export function minTier(a: Tier, b: Tier): Tier {
  return tierRank(a) <= tierRank(b) ? a : b;
}

/** The tier `steps` above (positive) or below (negative) `tier`, clamped to T0..T3. */
export function shiftTier(tier: Tier, steps: number): Tier {
  const rank = Math.min(TIERS.length - 1, Math.max(0, tierRank(tier) + steps));
  return TIERS[rank] as Tier;
}
