// @trustladder/core: the engine. Explicit exports only; see STYLE.md.

export type {
  BlastRadiusPolicyDocument,
  Classification,
  ClassifyOptions,
  CombinatorNode,
  CompiledGlob,
  CompiledPolicy,
  CompiledRule,
  Condition,
  ConditionNode,
  CoverageNode,
  DependenciesNode,
  DependencyChange,
  FileCriteria,
  FileStatus,
  FilesNode,
  LabelsNode,
  NodeOutcome,
  NormalisedChange,
  NormalisedDependency,
  NormalisedFile,
  NormalisedPath,
  NormaliseOptions,
  PathProblem,
  PolicyRule,
  ReposNode,
  RowsAffectedNode,
  RuleMatch,
  ServiceFlag,
  ServiceNode,
  Truth,
} from './classify/index.js';
export {
  addedLines,
  classify,
  compareCodePoints,
  compileBlastRadiusPolicy,
  compileGlob,
  DEFAULT_MAX_PATCH_LENGTH,
  describePathProblem,
  evaluateNodes,
  evaluateNormalised,
  GlobSet,
  GlobSyntaxError,
  loadBlastRadiusPolicy,
  MAX_CONDITION_DEPTH,
  normaliseChange,
  normalisePath,
} from './classify/index.js';
export type { DefaultPolicyName } from './defaults/index.js';
export { DEFAULT_POLICY_TEXTS, defaultPolicySource } from './defaults/index.js';
export { canonicalDigest, canonicalJson } from './digest/index.js';
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
