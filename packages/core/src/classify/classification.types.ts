import type { Tier } from '../tier.js';

// The classifier's result (schemas/classification.schema.json).

export interface RuleMatch {
  readonly rule: string;
  readonly tier: Tier;
  /** Only rules whose condition is true or unknown are listed. */
  readonly state: 'true' | 'unknown';
  readonly description: string;
  /** Normalised paths that made the rule match, sorted. */
  readonly surfaces: readonly string[];
  /** JSON pointers into the change of the facts that were missing, sorted. */
  readonly unknown: readonly string[];
}

export interface Classification {
  readonly tier: Tier;
  /** No rule's condition is true: the default applied, possibly raised by unknown rules. */
  readonly defaulted: boolean;
  /** Unknown rules made the tier higher than the true rules (or the default) alone. */
  readonly ambiguous: boolean;
  readonly matches: readonly RuleMatch[];
  readonly policy: { readonly name: string; readonly digest: string };
  /** Set only when the rules did not decide: an empty git range (see emptyChangeClassification). */
  readonly reason?: 'no files changed';
}
