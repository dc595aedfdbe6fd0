import type { CompiledPolicy } from '../classify/compiled.types.js';
import { providePreparedSnapshot } from '../classify/prepare-policy.js';
import type { PreparedSnapshot } from '../classify/prepared-snapshot.js';
import { DEFAULT_BLAST_RADIUS_COMPILED } from './blast-radius.compiled.generated.js';
import { DEFAULT_BLAST_RADIUS_PREPARED } from './blast-radius.prepared.generated.js';

// The default blast-radius policy, compiled at build time (scripts/precompile-default-policy.mjs)
// from the same embedded text `loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius'])`
// compiles: the test checks both are equal, so the copy cannot drift. One object per process,
// so the engine prepares it (its GlobSet) once.

let compiled: CompiledPolicy | undefined;

/** The default blast-radius policy, compiled (without parsing or validating its YAML again). */
export function defaultBlastRadiusPolicy(): CompiledPolicy {
  if (compiled === undefined) {
    compiled = JSON.parse(DEFAULT_BLAST_RADIUS_COMPILED) as CompiledPolicy;
    // Its GlobSet too, from the tries built at build time: compiling its globs was about half of
    // a CLI cold start. Read on the first classification only.
    providePreparedSnapshot(compiled, () => JSON.parse(DEFAULT_BLAST_RADIUS_PREPARED) as PreparedSnapshot);
  }
  return compiled;
}
