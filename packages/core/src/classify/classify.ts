import type { Change, TypedOrUnknown } from '../schemas/input-types/index.js';
import type { Classification } from './classification.types.js';
import type { CompiledPolicy } from './compiled.types.js';
import { evaluateNormalised } from './evaluate.js';
import { type NormaliseOptions, normaliseChange } from './normalise-change.js';

export type ClassifyOptions = NormaliseOptions;

/**
 * Classifies a change (schemas/change.schema.json) under a compiled blast-radius policy.
 * Takes a typed `Change` or untrusted `unknown` input; either way it is validated, and a
 * malformed change throws TrustladderError INVALID_INPUT with every problem.
 */
export function classify<T = unknown>(
  policy: CompiledPolicy,
  change: TypedOrUnknown<T, Change>,
  options: ClassifyOptions = {},
): Classification {
  return evaluateNormalised(policy, normaliseChange(change, options));
}
