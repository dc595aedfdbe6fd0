import { formatIssue, type Issue } from './issues.js';

// Every error the core throws is a TrustladderError with a code from this closed union.
// Callers (and tests) branch on the code, never on the message text.
export type CoreErrorCode =
  | 'PARSE_ERROR' // the text is not valid YAML or JSON
  | 'TOO_LARGE' // the input exceeds a configured bound (bytes, nodes)
  | 'INVALID_DOCUMENT' // the document does not satisfy its JSON Schema or a load-time check
  | 'INVALID_INPUT' // an input to an evaluation (a change, an event) is malformed
  | 'WASM_ERROR' // the Rego/WASM runtime failed
  | 'LEDGER_ORDER' // an event is older than the ledger's newest
  | 'INTERNAL'; // a broken invariant: a bug, never a decision

export class TrustladderError extends Error {
  override readonly name = 'TrustladderError';
  readonly code: CoreErrorCode;
  /** The file (or other source) the issues refer to, when there is one. */
  readonly source: string | undefined;
  readonly issues: readonly Issue[];

  constructor(
    code: CoreErrorCode,
    message: string,
    options: { source?: string | undefined; issues?: readonly Issue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.source = options.source;
    this.issues = options.issues ?? [];
  }

  /** The first issue as one line (`file:line:col pointer: problem`), for a CLI's stderr. */
  firstLine(): string {
    const first = this.issues[0];
    if (first === undefined) return `${this.source ? `${this.source}: ` : ''}${this.message}`;
    const more = this.issues.length > 1 ? ` (and ${this.issues.length - 1} more)` : '';
    return `${formatIssue(first, this.source)}${more}`;
  }
}

export function isTrustladderError(e: unknown): e is TrustladderError {
  return e instanceof TrustladderError;
}

/** Throws an INVALID_DOCUMENT (or the given code) error carrying every issue. */
export function throwIssues(
  code: CoreErrorCode,
  what: string,
  issues: readonly Issue[],
  source?: string,
): never {
  throw new TrustladderError(code, `${what}: ${issues.length} problem(s)`, { source, issues });
}
