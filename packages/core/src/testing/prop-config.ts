// Property-test settings: seeded, so a failure reproduces, and scalable from the
// environment: TRUSTLADDER_PROP_RUNS raises the number of runs, TRUSTLADDER_PROP_SEED
// replays another seed.
export interface PropConfig {
  readonly numRuns: number;
  readonly seed: number;
}

export const DEFAULT_PROP_SEED = 20261122;

export function propConfig(
  minRuns = 1000,
  env: Readonly<Record<string, string | undefined>> = globalThis.process?.env ?? {},
): PropConfig {
  const runs = Number(env.TRUSTLADDER_PROP_RUNS ?? 0);
  const seed = Number(env.TRUSTLADDER_PROP_SEED ?? DEFAULT_PROP_SEED);
  return {
    numRuns: Math.max(minRuns, Number.isFinite(runs) ? runs : 0),
    seed: Number.isFinite(seed) ? seed : DEFAULT_PROP_SEED,
  };
}
