import type { Classification } from './classification.types.js';
import type { CompiledPolicy } from './compiled.types.js';

/**
 * The classification of a change that changes nothing: a git range whose diff names no file
 * (trustladder read the range itself, so "no files" is what git says, not a producer's empty
 * list). Merging it changes nothing, so it is T0 with the reason said, whatever the policy's
 * default: a default is for changes the rules do not recognise, and there is no change here.
 * Only callers that computed the file list from the repository use this; a Change given as
 * input with `files: []` is classified by the rules (its default), since an empty list there
 * may be a producer's bug.
 */
export function emptyChangeClassification(policy: CompiledPolicy): Classification {
  return {
    tier: 'T0',
    defaulted: false,
    ambiguous: false,
    matches: [],
    policy: { name: policy.name, digest: policy.digest },
    reason: 'no files changed',
  };
}
