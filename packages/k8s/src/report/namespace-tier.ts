import { TIERS, type Tier } from '@trustladder/core';
import type { ObservedTier } from '../ladder/ladder-view.js';

/** The namespace label that selects a tier's generated policy. */
export const BLAST_RADIUS_LABEL = 'blast-radius';

export interface NamespaceTier {
  readonly tier: ObservedTier;
  /** The label's value as found, or null when the namespace has none. */
  readonly label: string | null;
  readonly problem?: 'missing-label' | 'unrecognised-label';
}

const BY_LABEL: ReadonlyMap<string, Tier> = new Map(TIERS.map((t) => [t.toLowerCase(), t]));

// Reads a namespace's tier from its blast-radius label. Only the exact values t0..t3 are
// tiers, because only they are matched by the generated policies' namespaceSelector: `T3`,
// ` t3` or `high` select no policy, so they are unknown, and unknown is never a low tier.
export function namespaceTier(labels: Readonly<Record<string, string>> | undefined): NamespaceTier {
  const label = labels?.[BLAST_RADIUS_LABEL];
  if (label === undefined) return { tier: 'unknown', label: null, problem: 'missing-label' };
  const tier = BY_LABEL.get(label);
  return tier ? { tier, label } : { tier: 'unknown', label, problem: 'unrecognised-label' };
}

/** Whether workloads in a namespace of this tier must run digest-pinned images (T2, T3, unknown). */
export function requiresPinnedImages(tier: ObservedTier): boolean {
  return tier === 'T2' || tier === 'T3' || tier === 'unknown';
}
