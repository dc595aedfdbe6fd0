// Every error the ledger stores throw is a LedgerError with a code from this closed union.
// Callers branch on the code, never on the message text.
export type LedgerErrorCode =
  | 'INVALID_LOCATION' // --log is neither a path nor a postgres:// URL
  | 'NOT_FOUND' // the log (or its directory) does not exist where a read expects one
  | 'LOCK_TIMEOUT' // another writer held the lock for longer than the timeout
  | 'LOCK_COMPROMISED' // the lock was taken over while held: the append was abandoned
  | 'CORRUPT' // the stored log fails its hash chain, a line cannot be read, or seqs skip
  | 'MISMATCH' // the derived events stored differ from what the rules produce
  | 'UNAVAILABLE' // the store could not be reached (PostgreSQL down, I/O error)
  | 'EMPTY_BATCH' // an append of nothing
  | 'READ_ONLY' // a JSON-lines log: export and import only, never appended to
  | 'FUTURE_EVENT' // an event stamped further ahead of the clock than the allowed skew
  | 'TOO_LARGE'; // an input beyond its size bound

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
  readonly code: LedgerErrorCode;
  /** The log, for messages: a path or a URL without its password. */
  readonly location: string | undefined;
  /** The line (file) or seq (PostgreSQL) the problem is at, when there is one. */
  readonly position: number | undefined;

  constructor(
    code: LedgerErrorCode,
    message: string,
    options: { location?: string; position?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.location = options.location;
    this.position = options.position;
  }
}

export function isLedgerError(e: unknown): e is LedgerError {
  return e instanceof LedgerError;
}
