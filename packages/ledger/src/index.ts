// @trustladder/ledger: append-only, hash-chained stores for the autonomy ledger. Explicit
// exports only; see STYLE.md.
export type { LedgerErrorCode } from './errors.js';
export { isLedgerError, LedgerError } from './errors.js';
export type {
  AppendContext,
  AppendResult,
  EventStore,
  PrepareBatch,
  PreparedBatch,
  ProjectionMeta,
  ProjectionRecord,
  ProjectionUpdate,
  RawEntry,
  ReadOptions,
  ReadProjectionOptions,
  StoredProjection,
} from './event-store.types.js';
export { checkNotFuture, DEFAULT_MAX_SKEW_MS, futureLimit } from './future.js';
export type { ExportResult, ImportResult } from './interchange.js';
export { exportLog, importLog } from './interchange.js';
export type { PendingTail } from './jsonl-store.js';
export { JsonlEventStore } from './jsonl-store.js';
export type {
  ProjectionView,
  RecordOptions,
  RecordResult,
  RemediationView,
  ReplayOptions,
} from './ledger.js';
export { Ledger } from './ledger.js';
export type { OpenStoreOptions } from './open-store.js';
export { isJsonLines, openStore } from './open-store.js';
export type { PostgresStoreOptions } from './postgres-store.js';
export { PostgresEventStore, redact } from './postgres-store.js';
export type { DecodeResult, Head, LineProblemCode, StoredRecord } from './record-codec.js';
export { decodeLine, EMPTY_HEAD, encodeBatch, GENESIS } from './record-codec.js';
export { REMEDIATION_KIND, remediationKey } from './remediation-projection.js';
export type { SqliteStoreOptions } from './sqlite-store.js';
export { SqliteEventStore } from './sqlite-store.js';
export {
  restoreTrustLevels,
  TRUST_LEVEL_KIND,
  trustLevelKey,
  trustLevelRecords,
} from './trust-level-projection.js';
export type { VerifyIssue, VerifyIssueCode, VerifyOptions, VerifyReport } from './verify.js';
export { verifyStore } from './verify.js';
