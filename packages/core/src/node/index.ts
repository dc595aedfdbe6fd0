// @trustladder/core/node: Node-only helpers (git, files) around the I/O-free engine.
export type { GitChange, GitChangeOptions } from './git-change.js';
export { assertSafeRange, changeFromGit, DEFAULT_MAX_DIFF_BYTES } from './git-change.js';
export type { GitDependency } from './git-dependencies.js';
export { dependenciesFromManifests, ecosystemOfManifest } from './git-dependencies.js';
export {
  loadApprovalEvaluator,
  loadTrustladderWasm,
  loadWasmClassifier,
  TRUSTLADDER_WASM_PATH,
} from './wasm.js';
