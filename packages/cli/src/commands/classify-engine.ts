import { type Classification, type ClassifyOptions, type CompiledPolicy, classify } from '@trustladder/core';

/** Classifies one change with the chosen engine. */
export type ClassifyEngine = (
  policy: CompiledPolicy,
  change: unknown,
  options: ClassifyOptions,
) => Classification;

// The TypeScript engine is the default; `wasm` runs the Rego policy compiled to WebAssembly
// (policies/rego/blast_radius) on the same compiled policy and normalised change. The WASM
// module is loaded only when asked for.
export async function loadClassifier(engine: 'ts' | 'wasm'): Promise<ClassifyEngine> {
  if (engine === 'ts') return classify;
  const { loadWasmClassifier } = await import('@trustladder/core/node');
  const wasm = await loadWasmClassifier();
  return (policy, change, options) => wasm.classify(policy, change, options);
}
