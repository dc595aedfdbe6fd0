import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileBlastRadiusPolicy } from '../classify/compile-policy.js';
import type { CompiledPolicy } from '../classify/compiled.types.js';
import { evaluateNormalised } from '../classify/evaluate.js';
import { normaliseChange } from '../classify/normalise-change.js';
import { TrustladderError } from '../errors.js';
import { loadTrustladderWasm } from '../node/wasm.js';
import { arbitraryChange, arbitraryPolicyDocument, propConfig } from '../testing/index.js';
import { createWasmClassifier, type WasmClassifier } from './wasm-classifier.js';

// The TypeScript engine and the Rego policy compiled to WebAssembly classify every random
// change under every random policy alike: the whole classification (tier, defaulted,
// ambiguous, each rule's state, surfaces and missing facts). At least 10,000 pairs by default;
// TRUSTLADDER_AGREEMENT_RUNS asks for more, TRUSTLADDER_PROP_SEED replays another seed. On a
// disagreement fast-check prints the shrunk policy document and change.

const MIN_RUNS = 10_000;
const runs = Math.max(MIN_RUNS, Number(process.env.TRUSTLADDER_AGREEMENT_RUNS ?? 0) || 0);
const { seed } = propConfig(MIN_RUNS);

// The distinct regexes the Rego policy compiles (one alternation per `paths`, one per
// non-empty `exclude`, each content pattern and notWithin alternation): past 99 it refuses the policy (the OPA Wasm
// runtime's regex cache breaks at 100).
function regexCount(policy: CompiledPolicy): number {
  const patterns = new Set<string>();
  for (const node of policy.nodes) {
    if (node.op !== 'files' && node.op !== 'allFiles') continue;
    const alternation = (list: readonly string[]) => list.map((p) => `(?:${p})`).join('|');
    patterns.add(alternation(node.paths));
    if (node.exclude.length > 0) patterns.add(alternation(node.exclude));
    if (node.content !== null) patterns.add(node.content);
    if (node.content !== null && node.notWithin !== null) patterns.add(node.notWithin);
  }
  return patterns.size;
}

let wasm: WasmClassifier;
beforeAll(async () => {
  wasm = await createWasmClassifier(await loadTrustladderWasm());
});

describe('the TypeScript engine and the WebAssembly module', () => {
  it(`agree on ${runs} random (policy, change) pairs`, () => {
    let compared = 0;
    fc.assert(
      fc.property(arbitraryPolicyDocument(), arbitraryChange(), (document, change) => {
        const policy = compileBlastRadiusPolicy(document);
        const normalised = normaliseChange(change);
        if (regexCount(policy) > 99) {
          expect(() => wasm.evaluateNormalised(policy, normalised)).toThrow(TrustladderError);
          return;
        }
        expect(wasm.evaluateNormalised(policy, normalised)).toEqual(evaluateNormalised(policy, normalised));
        compared++;
      }),
      { numRuns: runs, seed, endOnFailure: false },
    );
    // The generators must meet: nearly every pair is compared, not refused.
    expect(compared).toBeGreaterThan(runs * 0.95);
    // 10,000 WASM evaluations take about 30 s on an idle core and several times that under load.
  }, 300_000);

  it('agree on policies whose rules mostly match (many files, few rules)', () => {
    fc.assert(
      fc.property(
        arbitraryPolicyDocument({ maxRules: 3, depth: 2 }),
        arbitraryChange({ maxFiles: 12 }),
        (document, change) => {
          const policy = compileBlastRadiusPolicy(document);
          const normalised = normaliseChange(change);
          expect(wasm.evaluateNormalised(policy, normalised)).toEqual(evaluateNormalised(policy, normalised));
        },
      ),
      { numRuns: Math.ceil(runs / 10), seed: seed + 1 },
    );
  });
});
