import type { IdentifiedEvent } from '@trustladder/core';
import type { Head, StoredRecord } from './record-codec.js';

/** What an append's `prepare` sees, under the store's write lock. */
export interface AppendContext {
  /** The newest committed event when the lock was taken. */
  readonly head: Head;
  /**
   * The committed records after `from` (a head the caller already read and checked), in
   * order: to catch a cached fold up without reading the log from the start.
   */
  readAfter(from: Head): AsyncIterable<StoredRecord>;
}

/**
 * Decides what to append, under the lock, from the log as it is now. Returns the events (with
 * ids) in order; throwing appends nothing.
 */
export type PrepareBatch = (context: AppendContext) => Promise<readonly IdentifiedEvent[]>;

/** A torn append found at the end of a file and set aside (never acknowledged). */
export interface TornTail {
  /** Byte offset where the torn bytes began. */
  readonly offset: number;
  readonly bytes: number;
  /** Where the torn bytes were saved for inspection. */
  readonly savedTo: string;
}

export interface AppendResult {
  readonly records: readonly StoredRecord[];
  readonly head: Head;
  /** A torn append found and set aside before this one (file store only). */
  readonly repaired?: TornTail;
}

/** One stored line as it is, for verify: nothing decoded or trusted yet. */
export interface RawEntry {
  /** 1-based line number (file) or the row's seq column (PostgreSQL). */
  readonly position: number;
  readonly line: string;
  /** False for a last line without its newline (file store). */
  readonly terminated: boolean;
  /** The row's own columns (PostgreSQL), which must agree with the line. */
  readonly columns?: { readonly seq: number; readonly id: string; readonly hash: string };
}

export interface ReadOptions {
  /**
   * Only the records after this head, which the caller already read and checked: the chain
   * continues from its hash. From the start when absent.
   */
  readonly after?: Head;
}

/**
 * An append-only, hash-chained event log. Appends are atomic (a batch is stored whole or not
 * at all), durable before they resolve, and serialised across processes: concurrent writers
 * never lose or interleave events. Both the file and the PostgreSQL store pass one
 * conformance suite.
 */
export interface EventStore {
  readonly kind: 'file' | 'postgres';
  /** For messages: the path, or the URL without its password. */
  readonly location: string;
  /** What a position in `scan` names: a file line or a row's seq. */
  readonly positionName: 'line' | 'seq';
  /** The newest committed event. */
  head(): Promise<Head>;
  /** Committed records in seq order; throws LedgerError CORRUPT on a broken chain. */
  read(options?: ReadOptions): AsyncIterable<StoredRecord>;
  /** Every stored line as it is, in stored order, for verify. */
  scan(): AsyncIterable<RawEntry>;
  append(prepare: PrepareBatch): Promise<AppendResult>;
  close(): Promise<void>;
}
