export type { AuditQuery, AuditReport, AutonomyChange } from './audit.js';
export { auditLedger, LedgerAudit } from './audit.js';
export { deriveAppend, planAppend } from './derive.js';
export { parseDuration } from './duration.js';
export type {
  ApprovalEnd,
  ApprovalFlagCode,
  ApprovalFlagged,
  CeilingDemoted,
  CeilingPromoted,
  CeilingReset,
  CeilingSet,
  ClassificationDisagreed,
  DerivedEvent,
  DriftDetected,
  EscalationRequired,
  EscalationTrigger,
  IdentifiedEvent,
  InputEvent,
  LadderSideEvent,
  LedgerEvent,
  LedgerEventType,
  ModelChanged,
  RecordedEvent,
  RemediationAssessed,
  RemediationDecided,
  RemediationLevelMoved,
  RemediationLevelName,
  RemediationOutcome,
  RemediationRequested,
  RemediationTarget,
  RunCompleted,
  RunProgressed,
  TrustLevelSet,
} from './event.types.js';
export {
  DERIVED_EVENT_TYPES,
  FAILURE_MODE_EVENT_TYPES,
  isDerivedEvent,
  SIDE_EVENT_TYPES,
} from './event.types.js';
export type { Instant } from './instant.js';
export {
  addMicros,
  compareInstants,
  formatInstant,
  instantOfDate,
  isWithin,
  parseInstant,
  parseRfc3339,
} from './instant.js';
export { compileLadder, loadTrustLadder } from './load-trust-ladder.js';
export type { Derivation, SubjectSnapshot } from './projection.js';
export { LedgerProjection } from './projection.js';
export type { ReplayMismatch, ReplayObserver } from './replay.js';
export { isAfter, LedgerReplay, replay } from './replay.js';
export type { LedgerStatus } from './status.js';
export { ledgerStatus } from './status.js';
export type { QuarantinedRecord, SubjectState, Violation } from './subject-state.types.js';
export type {
  FailureOutcome,
  PromotionStep,
  RunOutcome,
  TrustLadder,
  TrustLadderDocument,
} from './trust-ladder.types.js';
export { RUN_OUTCOMES } from './trust-ladder.types.js';
export type { ValidateEventOptions } from './validate-event.js';
export { STORED_FIELDS, validateEvent } from './validate-event.js';
