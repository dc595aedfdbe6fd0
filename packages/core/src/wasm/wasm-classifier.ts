import type { Classification, RuleMatch } from '../classify/classification.types.js';
import type { ClassifyOptions } from '../classify/classify.js';
import type { CompiledPolicy, NormalisedChange } from '../classify/compiled.types.js';
import { normaliseChange } from '../classify/normalise-change.js';
import { TrustladderError } from '../errors.js';
import type { Change, TypedOrUnknown } from '../schemas/input-types/index.js';
import { isTier } from '../tier.js';
import { CLASSIFY_ENTRYPOINT } from './entrypoints.js';
import { instantiateRegoWasm, type RegoWasmSource } from './rego-wasm.js';

/** The blast-radius classifier of policies/rego/blast_radius, evaluated in WebAssembly. */
export interface WasmClassifier {
  /** Classifies a change (schemas/change.schema.json), normalised by the TypeScript normaliser. */
  /** A typed `Change` or untrusted input, validated either way (as `classify`). */
  classify<T = unknown>(
    policy: CompiledPolicy,
    change: TypedOrUnknown<T, Change>,
    options?: ClassifyOptions,
  ): Classification;
  /** Classifies a change that is already normalised. */
  evaluateNormalised(policy: CompiledPolicy, change: NormalisedChange): Classification;
}

/**
 * Loads the Rego blast-radius classifier from a WebAssembly module (packages/core/wasm/
 * trustladder.wasm, or any module built with the same entrypoint). The module is instantiated
 * once; a policy's data is loaded into it when the policy changes. Throws WASM_ERROR.
 */
export async function createWasmClassifier(source: RegoWasmSource): Promise<WasmClassifier> {
  const wasm = await instantiateRegoWasm(source, [CLASSIFY_ENTRYPOINT]);
  let loaded: CompiledPolicy | undefined;
  const evaluateNormalised = (policy: CompiledPolicy, change: NormalisedChange): Classification => {
    if (policy !== loaded) {
      loaded = undefined; // a failed load must not leave the previous policy in place
      wasm.setData({ blast_radius: policy });
      loaded = policy;
    }
    const result = wasm.evaluate(CLASSIFY_ENTRYPOINT, change);
    return toClassification(result, policy);
  };
  return {
    evaluateNormalised,
    classify: (policy: CompiledPolicy, change: unknown, options: ClassifyOptions = {}) =>
      evaluateNormalised(policy, normaliseChange(change, options)),
  };
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

// The module's answer is checked, not trusted: undefined means the policy refused the data
// (malformed, nested too deep, or more than 99 distinct regexes: the Wasm runtime's limit).
// The result is rebuilt in the TS engine's key order, so both engines print the same JSON.
function toClassification(value: unknown, policy: CompiledPolicy): Classification {
  if (value === undefined) {
    throw new TrustladderError(
      'WASM_ERROR',
      `the Rego classifier gave no classification for policy "${policy.name}": a malformed compiled policy, or more than 99 distinct regexes (the OPA WebAssembly runtime's limit; use the TypeScript engine)`,
    );
  }
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const matches = v.matches;
  if (
    !isTier(v.tier) ||
    typeof v.defaulted !== 'boolean' ||
    typeof v.ambiguous !== 'boolean' ||
    !Array.isArray(matches)
  ) {
    throw new TrustladderError('WASM_ERROR', 'the Rego classifier returned a result of the wrong shape');
  }
  return {
    tier: v.tier,
    defaulted: v.defaulted,
    ambiguous: v.ambiguous,
    matches: matches.map(toMatch),
    policy: { name: policy.name, digest: policy.digest },
  };
}

function toMatch(value: unknown): RuleMatch {
  const m = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (
    typeof m.rule !== 'string' ||
    !isTier(m.tier) ||
    (m.state !== 'true' && m.state !== 'unknown') ||
    typeof m.description !== 'string' ||
    !isStrings(m.surfaces) ||
    !isStrings(m.unknown)
  ) {
    throw new TrustladderError('WASM_ERROR', 'the Rego classifier returned a match of the wrong shape');
  }
  return {
    rule: m.rule,
    tier: m.tier,
    state: m.state,
    description: m.description,
    surfaces: m.surfaces,
    unknown: m.unknown,
  };
}
