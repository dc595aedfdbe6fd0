import type { Classification } from '../classify/classification.types.js';
import type { CompiledPolicy } from '../classify/compiled.types.js';
import { classify } from '../classify/index.js';
import { tierRank } from '../tier.js';
import type { TaskSpec } from './taskspec.types.js';

// Without the change itself, a TaskSpec names only its surfaces: their status is unknown, so
// they are classified as added, as modified and as deleted, and the highest tier counts (an
// unknown fact only ever raises the tier).
const STATUSES = ['added', 'modified', 'deleted'] as const;

/** The classification of a TaskSpec's change (or of its surfaces) under a policy. */
export function classifyTaskSpec(policy: CompiledPolicy, spec: TaskSpec): Classification {
  // Validated by classify whatever its shape: the spec's change is untrusted input.
  if (spec.change !== undefined)
    return classify(policy, spec.change as unknown, { source: `${spec.id}#/change` });
  let worst: Classification | undefined;
  for (const status of STATUSES) {
    const change = { repo: spec.repo, files: spec.blast_radius.surfaces.map((path) => ({ path, status })) };
    const c = classify(policy, change, { source: `${spec.id}#/blast_radius/surfaces` });
    if (worst === undefined || tierRank(c.tier) > tierRank(worst.tier)) worst = c;
  }
  return worst as Classification;
}
