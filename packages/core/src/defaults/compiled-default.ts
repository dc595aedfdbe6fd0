import type { CompiledPolicy } from '../classify/compiled.types.js';
import { DEFAULT_BLAST_RADIUS_COMPILED } from './blast-radius.compiled.generated.js';

// The default blast-radius policy, compiled at build time (scripts/precompile-default-policy.mjs)
// from the same embedded text `loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius'])`
// compiles: the test checks both are equal, so the copy cannot drift. One object per process,
// so the engine prepares it (its GlobSet) once.

let compiled: CompiledPolicy | undefined;

/** The default blast-radius policy, compiled (without parsing or validating its YAML again). */
export function defaultBlastRadiusPolicy(): CompiledPolicy {
  compiled ??= JSON.parse(DEFAULT_BLAST_RADIUS_COMPILED) as CompiledPolicy;
  return compiled;
}
