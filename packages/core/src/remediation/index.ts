// The remediation trust ladder (docs/remediation.md): levels per workflow, one outcome per
// request, approval requests that end exactly once, dry-run holds, graduation. Pure, no I/O.
export type { ApprovalDecider, DecisionContext, RemediationDecision } from './decide.js';
export { askPolicy, decideRemediation, expiryUs } from './decide.js';
export { HOUR_US, MINUTE_US, parseRemediationDuration } from './duration.js';
export type { GraduationEntry, GraduationSource } from './graduation.js';
export { graduationOf } from './graduation.js';
export type { ObservedSubject, ObservedVerdict } from './ladder-view.js';
export { remediationLadderView } from './ladder-view.js';
export { compileRemediationLadder, loadRemediationLadder } from './load-remediation-ladder.js';
export type {
  GraduationRules,
  RemediationEntry,
  RemediationEntryDocument,
  RemediationLadder,
  RemediationLadderDocument,
} from './remediation-ladder.types.js';
export { DEFAULT_SCOPE, levelRank, REMEDIATION_LEVEL_ORDER } from './remediation-ladder.types.js';
export type { RemediationRequest } from './remediation-request.js';
export { approvalInputOf, validateRemediationRequest } from './remediation-request.js';
export type {
  LevelMove,
  RemediationAnomaly,
  RemediationSnapshot,
  RequestRecord,
  ScopeStats,
} from './remediation-state.js';
export { foldRemediation, graduationReport, RemediationState } from './remediation-state.js';
export { requestedEvent } from './requested-event.js';
export { resolveEntry, scopeKey } from './scope.js';
