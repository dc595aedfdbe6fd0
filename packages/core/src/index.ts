// @trustladder/core: the engine. Explicit exports only; see STYLE.md.

export type { Classification, RuleMatch } from './classify/classification.types.js';
export type {
  CombinatorNode,
  CompiledPolicy,
  CompiledRule,
  ConditionNode,
  CoverageNode,
  DependenciesNode,
  DependencyChange,
  FileStatus,
  FilesNode,
  LabelsNode,
  NormalisedChange,
  NormalisedDependency,
  NormalisedFile,
  ReposNode,
  RowsAffectedNode,
  ServiceFlag,
  ServiceNode,
  Truth,
} from './classify/compiled.types.js';
export { MAX_CONDITION_DEPTH } from './classify/compiled.types.js';
export type { CoreErrorCode } from './errors.js';
export { isTrustladderError, TrustladderError } from './errors.js';
export type { Issue, Result, SourcePosition } from './issues.js';
export { escapePointerToken, fail, formatIssue, joinPointer, ok, pointer } from './issues.js';
export type { DocumentFormat, DocumentLimits, LoadedDocument, LoadOptions } from './load/index.js';
export {
  DEFAULT_DOCUMENT_LIMITS,
  loadDocument,
  parseJson,
  parseYaml,
  validateAgainst,
} from './load/index.js';
export type { SchemaName } from './schemas/index.js';
export { SCHEMAS } from './schemas/index.js';
export type { Tier } from './tier.js';
export { compareTiers, isTier, maxTier, minTier, shiftTier, TIERS, tierRank } from './tier.js';
