// @trustladder/core/node: Node-only helpers (git, files) around the I/O-free engine.
export type {
  CatalogLocation,
  CatalogService,
  ChangeWithFacts,
  CoverageFacts,
  CoverageFile,
  CoverageFormat,
  CoverageFromFiles,
  CoverageReport,
  DependencyFactsFile,
  DiscoveredGuards,
  ExtraFacts,
  FactContext,
  FactFiles,
  FactSource,
  GuardName,
  GuardOrigin,
  MappedReport,
  ReportPathContext,
  ServiceFacts,
} from './facts/index.js';
export {
  applyExtraFacts,
  applyFacts,
  changedLineNumbers,
  coverageFacts,
  coverageFromFiles,
  discoverGuards,
  hasFactFiles,
  loadDependencyFacts,
  loadServiceCatalog,
  mapReportPaths,
  readCoverageReport,
  readExtraFacts,
  serviceFacts,
} from './facts/index.js';
export type { ChangeDependency, GitChange, GitChangeOptions, GitRange } from './git-change.js';
export { assertSafeRange, changeFromGit, DEFAULT_MAX_DIFF_BYTES, readGitRange } from './git-change.js';
export type { GitDependency } from './git-dependencies.js';
export { dependenciesFromManifests, ecosystemOfManifest } from './git-dependencies.js';
export {
  loadApprovalEvaluator,
  loadTrustladderWasm,
  loadWasmClassifier,
  TRUSTLADDER_WASM_PATH,
} from './wasm.js';
