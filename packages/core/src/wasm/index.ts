// Rego policies compiled to WebAssembly (policies/rego -> packages/core/wasm/trustladder.wasm),
// evaluated in-process. I/O-free: the Node loader of the shipped module is in ../node.

export type { ApprovalData, ApprovalDecision } from './approval.types.js';
export { assertApprovalData, loadApprovalData } from './approval-data.js';
export type { ApprovalEvaluator } from './approval-evaluator.js';
export { createApprovalEvaluator } from './approval-evaluator.js';
export { APPROVAL_ENTRYPOINT, CLASSIFY_ENTRYPOINT } from './entrypoints.js';
export type { RegoWasm, RegoWasmSource, WasmModule } from './rego-wasm.js';
export { instantiateRegoWasm, toWasmError } from './rego-wasm.js';
export type { WasmClassifier } from './wasm-classifier.js';
export { createWasmClassifier } from './wasm-classifier.js';
