import type { Classification } from '../classify/classification.types.js';
import { classify } from '../classify/classify.js';
import type { CompiledPolicy } from '../classify/compiled.types.js';
import { type Tier, tierRank } from '../tier.js';
import { decidingRules } from './deciding-rules.js';

/** One change classified under the old and the new policy. */
export interface PolicyDiffRow {
  readonly input: string;
  readonly before: Tier;
  readonly after: Tier;
  /** `up`: the new policy asks more of it; `down`: less (the direction a reviewer checks). */
  readonly move: 'up' | 'down' | 'same';
  readonly beforeRules: readonly string[];
  readonly afterRules: readonly string[];
}

export interface PolicyDiff {
  readonly before: { readonly name: string; readonly digest: string };
  readonly after: { readonly name: string; readonly digest: string };
  /** Every input, in the order given. */
  readonly rows: readonly PolicyDiffRow[];
  readonly moved: { readonly up: number; readonly down: number; readonly same: number };
}

/**
 * What a change to the blast-radius policy does to real changes: each input classified under
 * the old and the new policy, with the rules that decided each tier. A human approving the
 * policy change (itself T2) reads the moves, the downward ones first.
 */
export function diffPolicies(
  before: CompiledPolicy,
  after: CompiledPolicy,
  inputs: Iterable<{ readonly name: string; readonly change: unknown }>,
): PolicyDiff {
  const rows: PolicyDiffRow[] = [];
  const moved = { up: 0, down: 0, same: 0 };
  for (const { name, change } of inputs) {
    const old: Classification = classify(before, change, { source: name });
    const neu: Classification = classify(after, change, { source: name });
    const d = tierRank(neu.tier) - tierRank(old.tier);
    const move = d > 0 ? 'up' : d < 0 ? 'down' : 'same';
    moved[move]++;
    rows.push({
      input: name,
      before: old.tier,
      after: neu.tier,
      move,
      beforeRules: decidingRules(old).rules,
      afterRules: decidingRules(neu).rules,
    });
  }
  const ref = (p: CompiledPolicy) => ({ name: p.name, digest: p.digest });
  return { before: ref(before), after: ref(after), rows, moved };
}
