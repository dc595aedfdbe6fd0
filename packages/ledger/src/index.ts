// @trustladder/ledger: append-only, hash-chained stores for the autonomy ledger. Explicit
// exports only; see STYLE.md.
export type { LedgerErrorCode } from './errors.js';
export { isLedgerError, LedgerError } from './errors.js';
export type {
  AppendContext,
  AppendResult,
  EventStore,
  PrepareBatch,
  RawEntry,
  ReadOptions,
  TornTail,
} from './event-store.types.js';
export type { FileStoreOptions, PendingTail } from './file-store.js';
export { FileEventStore } from './file-store.js';
export type { RecordResult, ReplayOptions } from './ledger.js';
export { Ledger } from './ledger.js';
export type { OpenStoreOptions } from './open-store.js';
export { openStore } from './open-store.js';
export type { PostgresStoreOptions } from './postgres-store.js';
export { PostgresEventStore, redact } from './postgres-store.js';
export type { DecodeResult, Head, LineProblemCode, StoredRecord } from './record-codec.js';
export { decodeLine, EMPTY_HEAD, encodeBatch, GENESIS } from './record-codec.js';
export type { VerifyIssue, VerifyIssueCode, VerifyOptions, VerifyReport } from './verify.js';
export { verifyStore } from './verify.js';
