import { TrustladderError } from '../errors.js';
import type { ApprovalData, ApprovalDecision } from './approval.types.js';
import { assertApprovalData } from './approval-data.js';
import { APPROVAL_ENTRYPOINT } from './entrypoints.js';
import { instantiateRegoWasm, type RegoWasmSource } from './rego-wasm.js';

/** The remediation approval policy (policies/rego/approval), evaluated in WebAssembly. */
export interface ApprovalEvaluator {
  /**
   * Decides whether a proposed remediation (schemas/approval-input.schema.json) needs a human.
   * Any JSON value is judged: what the policy cannot judge requires approval, never throws.
   */
  evaluate(input: unknown): ApprovalDecision;
}

/**
 * Loads the approval policy from the WebAssembly module with its data (validated first:
 * INVALID_DOCUMENT). The module is instantiated and the data loaded once. Throws WASM_ERROR.
 */
export async function createApprovalEvaluator(
  source: RegoWasmSource,
  data: ApprovalData,
  options: { source?: string } = {},
): Promise<ApprovalEvaluator> {
  assertApprovalData(data, options.source);
  const wasm = await instantiateRegoWasm(source, [APPROVAL_ENTRYPOINT]);
  wasm.setData({ approval: data });
  return { evaluate: (input) => toDecision(wasm.evaluate(APPROVAL_ENTRYPOINT, input)) };
}

// Checked, not trusted: a decision that does not say yes or no, or says no with reasons,
// or yes without one, is a broken module, and nothing is approved on its word.
function toDecision(value: unknown): ApprovalDecision {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const reasons = v.reasons;
  if (
    typeof v.require_approval !== 'boolean' ||
    !Array.isArray(reasons) ||
    !reasons.every((r) => typeof r === 'string') ||
    v.require_approval !== reasons.length > 0
  ) {
    throw new TrustladderError('WASM_ERROR', 'the Rego approval policy returned no consistent decision');
  }
  return { requireApproval: v.require_approval, reasons: reasons as string[] };
}
