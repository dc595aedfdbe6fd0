import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { loadTrustladderWasm } from '../node/wasm.js';
import { propConfig } from '../testing/prop-config.js';
import { loadApprovalData } from './approval-data.js';
import { APPROVAL_ENTRYPOINT } from './entrypoints.js';
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

function outcome(wasm: RegoWasm, input: unknown): unknown {
  try {
    return { value: wasm.evaluate(APPROVAL_ENTRYPOINT, input) };
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
