import { closeSync, openSync, readSync } from 'node:fs';
import { LedgerError } from './errors.js';
import type { EventStore } from './event-store.types.js';
import { JsonlEventStore } from './jsonl-store.js';
import { PostgresEventStore, type PostgresStoreOptions } from './postgres-store.js';
import { SqliteEventStore, type SqliteStoreOptions } from './sqlite-store.js';

export interface OpenStoreOptions {
  readonly sqlite?: SqliteStoreOptions;
  readonly postgres?: PostgresStoreOptions;
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/**
 * `postgres://` or `postgresql://` URLs open the PostgreSQL store. A path opens SQLite (the
 * default, created by the first append), unless it names a JSON-lines log: a `.jsonl` or
 * `.ndjson` path, or an existing file that is not a SQLite database. JSON lines are read-only
 * (export, import, verify), so an old log is never appended to by mistake.
 */
export function openStore(location: string, options: OpenStoreOptions = {}): EventStore {
  if (typeof location !== 'string' || location.trim() === '')
    throw new LedgerError('INVALID_LOCATION', 'the ledger location is empty');
  if (/^postgres(ql)?:\/\//i.test(location)) return new PostgresEventStore(location, options.postgres);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location))
    throw new LedgerError(
      'INVALID_LOCATION',
      `${location.split('://')[0]}:// is not a ledger store (a path or postgres://)`,
      { location },
    );
  if (isJsonLines(location)) return new JsonlEventStore(location);
  return new SqliteEventStore(location, options.sqlite);
}

/** Whether a path names a JSON-lines log rather than a SQLite database. */
export function isJsonLines(path: string): boolean {
  if (/\.(jsonl|ndjson)$/i.test(path)) return true;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false; // not there yet: a new SQLite ledger
  }
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    return n > 0 && head.subarray(0, n).toString('latin1') !== SQLITE_MAGIC.slice(0, n);
  } finally {
    closeSync(fd);
  }
}
