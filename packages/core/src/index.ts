// @trustladder/core: the engine. Explicit exports only; see STYLE.md.

export type {
  AttestorDocument,
  AttestorPolicyDocument,
  AttestorRole,
  CertificateIdentity,
  CompiledAttestor,
  CompiledAttestorPolicy,
  IdentityMatcher,
  KyvernoSettings,
  SubjectPattern,
  SubjectRegExpProblem,
  TierRequirement,
} from './attestors/index.js';
export {
  APPROVAL_PREDICATE_TYPE,
  APPROVAL_PREDICATE_TYPES,
  checkSubjectRegExp,
  compileAttestorPolicy,
  DEFAULT_OBSERVER_SERVICE_ACCOUNT,
  escapeRegExp,
  IN_TOTO_STATEMENT_TYPE,
  INTERFACE_APPROVAL_PREDICATE_TYPE,
  identityMatcher,
  loadAttestorPolicy,
  roleOfPredicateType,
} from './attestors/index.js';
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
export type {
  ApprovalVerifier,
  Disagreement,
  DispatchContext,
  DispatchDecision,
  RefusalCode,
  RefusalReason,
} from './dispatch/index.js';
export { checkDispatch, escalationRequired, nextAssignment, reconcile } from './dispatch/index.js';
export type { CoreErrorCode } from './errors.js';
export { isTrustladderError, TrustladderError } from './errors.js';
export type { Issue, Result, SourcePosition } from './issues.js';
export { escapePointerToken, fail, formatIssue, joinPointer, ok, pointer } from './issues.js';
export type {
  AuditQuery,
  AuditReport,
  AutonomyChange,
  CeilingDemoted,
  CeilingPromoted,
  CeilingReset,
  CeilingSet,
  ClassificationDisagreed,
  Derivation,
  DerivedEvent,
  DriftDetected,
  EscalationRequired,
  FailureOutcome,
  IdentifiedEvent,
  InputEvent,
  Instant,
  LedgerEvent,
  LedgerEventType,
  LedgerStatus,
  ModelChanged,
  PromotionStep,
  QuarantinedRecord,
  RecordedEvent,
  ReplayMismatch,
  ReplayObserver,
  RunCompleted,
  RunOutcome,
  SubjectState,
  TrustLadder,
  TrustLadderDocument,
  ValidateEventOptions,
  Violation,
} from './ladder/index.js';
export {
  addMicros,
  auditLedger,
  compareInstants,
  compileLadder,
  DERIVED_EVENT_TYPES,
  deriveAppend,
  formatInstant,
  isAfter,
  isDerivedEvent,
  isWithin,
  LedgerAudit,
  LedgerProjection,
  LedgerReplay,
  ledgerStatus,
  loadTrustLadder,
  parseDuration,
  parseInstant,
  planAppend,
  RUN_OUTCOMES,
  replay,
  STORED_FIELDS,
  validateEvent,
} from './ladder/index.js';
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
export type { Approval, TaskSpec, TaskSpecContext } from './taskspec/index.js';
export { assertTaskSpec, checkTaskSpec, classifyTaskSpec, loadTaskSpec } from './taskspec/index.js';
export type { Tier } from './tier.js';
export { compareTiers, isTier, maxTier, minTier, shiftTier, TIERS, tierRank } from './tier.js';
export type {
  ApprovalData,
  ApprovalDecision,
  ApprovalEvaluator,
  RegoWasm,
  RegoWasmSource,
  WasmClassifier,
  WasmModule,
} from './wasm/index.js';
export {
  APPROVAL_ENTRYPOINT,
  assertApprovalData,
  CLASSIFY_ENTRYPOINT,
  createApprovalEvaluator,
  createWasmClassifier,
  instantiateRegoWasm,
  loadApprovalData,
  toWasmError,
} from './wasm/index.js';
