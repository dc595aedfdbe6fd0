import type { IdentifiedEvent, SubjectSnapshot } from '@trustladder/core';
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
  /** The stored projection as of `head` (see EventStore.readProjection), under the lock. */
  projection(agents?: readonly string[], options?: ReadProjectionOptions): Promise<StoredProjection>;
}

/** The head and ladder a stored projection reflects. */
export interface ProjectionMeta {
  /** The log's head when the projection was written; it is stale when the log moved on. */
  readonly head: Head;
  /** The digest of the trust ladder it was folded under. */
  readonly ladder: string;
  /** The newest `at` of the log it reflects (the next event may not be older). */
  readonly newestAt: string | null;
}

/** A stored projection, read in one consistent snapshot with the log's head. */
export interface StoredProjection {
  /** The log's head at the time of the read. */
  readonly head: Head;
  /** Absent when the store has no projection (JSON lines, or invalidated by a raw append). */
  readonly meta: ProjectionMeta | undefined;
  /** The subjects of the agents asked for (all when none were named). */
  readonly subjects: readonly SubjectSnapshot[];
  /** Every agent with a subject, when asked for with `withAgents`. */
  readonly agents: readonly string[];
  /** The keyed rows asked for with `records`. */
  readonly records: readonly ProjectionRecord[];
}

/**
 * A keyed projection row besides the subjects (the trust levels: kind `trust-level`, key
 * agent, application, lower-cased environment; the remediation fold: kind `remediation`, key
 * agent and ladder digest, carrying the head it reflects): the latest state under that key,
 * as JSON.
 */
export interface ProjectionRecord {
  readonly kind: string;
  readonly key: string;
  readonly value: string;
}

/** The projection an append writes in its own transaction. */
export interface ProjectionUpdate {
  readonly ladder: string;
  readonly newestAt: string | null;
  /** Subjects to insert or replace. */
  readonly subjects: readonly SubjectSnapshot[];
  /** Keyed rows to insert or replace. */
  readonly records?: readonly ProjectionRecord[];
  /** Drop every stored subject and keyed row first (a full rebuild). */
  readonly replace: boolean;
}

export interface ReadProjectionOptions {
  /** Also list every agent with a subject. */
  readonly withAgents?: boolean;
  /** Also read the keyed rows of this kind (only these keys when given). */
  readonly records?: { readonly kind: string; readonly keys?: readonly string[] };
}

/** What a prepare returns: the events, and the projection they lead to. */
export interface PreparedBatch {
  readonly events: readonly IdentifiedEvent[];
  /** Without one, the store drops its projection (gates then replay): never left stale. */
  readonly projection?: ProjectionUpdate;
}

/**
 * Decides what to append, under the lock, from the log as it is now. Returns the events (with
 * ids) in order; throwing appends nothing.
 */
export type PrepareBatch = (context: AppendContext) => Promise<readonly IdentifiedEvent[] | PreparedBatch>;

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
  readonly kind: 'jsonl' | 'sqlite' | 'postgres';
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
  /**
   * The stored projection of these agents' subjects (all when absent) with its meta and the
   * log's head, read consistently. Callers trust it only when `meta.head` equals `head` and
   * `meta.ladder` is their ladder's digest.
   */
  readProjection(agents?: readonly string[], options?: ReadProjectionOptions): Promise<StoredProjection>;
  /**
   * Loads a verified log into this empty store with its projection, in one transaction;
   * `expect` is the head the records must end on. Throws CORRUPT when the store is not empty
   * or the records are not that chain.
   */
  load(records: AsyncIterable<StoredRecord>, expect: Head, projection: ProjectionUpdate): Promise<void>;
  close(): Promise<void>;
}
