// The entrypoints of the WebAssembly module built from policies/rego by
// scripts/build-rego-wasm.sh (packages/core/wasm/trustladder.wasm).

/** data.trustladder.blast_radius.classification: data.blast_radius = a CompiledPolicy, input = a NormalisedChange. */
export const CLASSIFY_ENTRYPOINT = 'trustladder/blast_radius/classification';

/** data.trustladder.approval.decision: data.approval = the approval data, input = a proposed remediation. */
export const APPROVAL_ENTRYPOINT = 'trustladder/approval/decision';
