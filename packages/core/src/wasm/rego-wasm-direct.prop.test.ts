import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { compileBlastRadiusPolicy } from '../classify/compile-policy.js';
import type { NormalisedChange } from '../classify/compiled.types.js';
import { normaliseChange } from '../classify/normalise-change.js';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { loadTrustladderWasm } from '../node/wasm.js';
import { arbitraryChange, arbitraryPolicyDocument } from '../testing/index.js';
import { propConfig } from '../testing/prop-config.js';
import { loadApprovalData } from './approval-data.js';
import { APPROVAL_ENTRYPOINT, CLASSIFY_ENTRYPOINT } from './entrypoints.js';
import { DEFAULT_HEAP_PER_INPUT_BYTE, RESERVE_MIN_BYTES } from './heap-reserve.js';
import { instantiateRegoWasm, type RegoWasm } from './rego-wasm.js';

// The direct path (input encoded straight into the module's memory, `opa_eval` called as the
// SDK calls it) gives what the SDK's own evaluate gives, for any JSON input: approval-shaped
// ones, which reach every rule, and arbitrary ones, which must fail or decide alike.
let direct: RegoWasm;
let sdk: RegoWasm;
beforeAll(async () => {
  const bytes = await loadTrustladderWasm();
  const data = { approval: loadApprovalData(DEFAULT_POLICY_TEXTS['approval-data']) };
  direct = await instantiateRegoWasm(bytes, [APPROVAL_ENTRYPOINT]);
  sdk = await instantiateRegoWasm(bytes, [APPROVAL_ENTRYPOINT], { direct: false });
  direct.setData(data);
  sdk.setData(data);
});

const text = fc.oneof(
  fc.constantFrom('production', 'Production', 'prod', 'staging', 'Node', 'StatefulSet', 'Deployment', ''),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ maxLength: 3000 }), // long: the memory must grow to take it
);
const approvalShaped = fc.record(
  {
    environment: text,
    namespace: text,
    remediation_target: fc.record({ kind: text, name: text }, { requiredKeys: [] }),
    confidence: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(0.8), text),
    workflow: text,
    detected_labels: fc.dictionary(text, text, { maxKeys: 3 }),
  },
  { requiredKeys: [] },
);

function outcome(wasm: RegoWasm, input: unknown, entrypoint = APPROVAL_ENTRYPOINT): unknown {
  try {
    return { value: wasm.evaluate(entrypoint, input) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('instantiateRegoWasm: the direct evaluation', () => {
  test('decides every input exactly as the SDK evaluate does', () => {
    fc.assert(
      fc.property(fc.oneof(approvalShaped, fc.jsonValue({ maxDepth: 3 })), (input) => {
        expect(outcome(direct, input)).toEqual(outcome(sdk, input));
      }),
      propConfig(1000),
    );
  });
});

// The heap reservation changes where the allocator's heap top lies, never a value: random
// policies on random changes made large enough to be reserved for (their files copied under
// distinct directories) classify alike with the reservation, without it, and through the SDK's
// own evaluate.
let reserved: RegoWasm;
let unreserved: RegoWasm;
let sdkClassifier: RegoWasm;
beforeAll(async () => {
  const module = await loadTrustladderWasm();
  reserved = await instantiateRegoWasm(module, [CLASSIFY_ENTRYPOINT]);
  unreserved = await instantiateRegoWasm(module, [CLASSIFY_ENTRYPOINT], { reserveHeap: false });
  sdkClassifier = await instantiateRegoWasm(module, [CLASSIFY_ENTRYPOINT], { direct: false });
});

// Above the smallest input the reservation acts on, with a margin.
const LARGE = Math.ceil((RESERVE_MIN_BYTES / DEFAULT_HEAP_PER_INPUT_BYTE) * 1.25);

function inflate(change: NormalisedChange): NormalisedChange {
  const files = change.files;
  if (files.length === 0) return change;
  const copies = Math.ceil(LARGE / JSON.stringify(files).length);
  const more = Array.from({ length: copies }, (_, k) =>
    files.map((f) => ({ ...f, paths: f.paths.map((p) => `copy-${k}/${p}`) })),
  ).flat();
  return { ...change, files: [...files, ...more] };
}

describe('instantiateRegoWasm: the heap reservation', () => {
  test('classifies large changes exactly as without it and as the SDK evaluate', () => {
    let large = 0;
    const config = propConfig(25);
    fc.assert(
      fc.property(
        arbitraryPolicyDocument({ maxRules: 4 }),
        arbitraryChange({ minFiles: 1 }),
        (document, change) => {
          const data = { blast_radius: compileBlastRadiusPolicy(document) };
          for (const wasm of [reserved, unreserved, sdkClassifier]) wasm.setData(data);
          const input = inflate(normaliseChange(change));
          if (JSON.stringify(input).length >= LARGE) large++;
          const expected = outcome(sdkClassifier, input, CLASSIFY_ENTRYPOINT);
          expect(outcome(reserved, input, CLASSIFY_ENTRYPOINT)).toEqual(expected);
          expect(outcome(unreserved, input, CLASSIFY_ENTRYPOINT)).toEqual(expected);
        },
      ),
      config,
    );
    expect(large).toBe(config.numRuns); // every change was large enough to be reserved for
  }, 300_000);
});
