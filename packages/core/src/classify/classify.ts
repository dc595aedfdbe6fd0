import type { Classification } from './classification.types.js';
import type { CompiledPolicy } from './compiled.types.js';
import { evaluateNormalised } from './evaluate.js';
import { type NormaliseOptions, normaliseChange } from './normalise-change.js';

export type ClassifyOptions = NormaliseOptions;

/**
 * Classifies a change (schemas/change.schema.json) under a compiled blast-radius policy.
 * Throws TrustladderError INVALID_INPUT, with every problem, for a malformed change.
 */
export function classify(
  policy: CompiledPolicy,
  change: unknown,
  options: ClassifyOptions = {},
): Classification {
  return evaluateNormalised(policy, normaliseChange(change, options));
}
