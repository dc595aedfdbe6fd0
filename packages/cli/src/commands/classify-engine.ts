import { type Classification, type ClassifyOptions, type CompiledPolicy, classify } from '@trustladder/core';

/** Classifies one change with the chosen engine. */
export type ClassifyEngine = (
  policy: CompiledPolicy,
  change: unknown,
  options: ClassifyOptions,
) => Classification;

// The TypeScript engine is the default; `wasm` runs the Rego policy compiled to WebAssembly
// (policies/rego/blast_radius) on the same compiled policy and normalised change.
export async function loadClassifier(engine: 'ts' | 'wasm'): Promise<ClassifyEngine> {
  if (engine === 'ts') return classify;
  // PENDING(lead): typed import once @trustladder/core/node exports loadWasmClassifier.
  const node = (await import('@trustladder/core/node')) as unknown as {
    loadWasmClassifier: () => Promise<{ classify: ClassifyEngine }>;
  };
  const wasm = await node.loadWasmClassifier();
  return (policy, change, options) => wasm.classify(policy, change, options);
}
