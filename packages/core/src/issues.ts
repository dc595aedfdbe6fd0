// An issue is one problem found in one place of one input. Loaders gather every issue
// before they report, so a user fixes a file in one pass instead of one error at a time.

/** Where in a source text an issue sits (1-based), when the parser could tell. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export interface Issue {
  /** A stable, machine-readable code; tests assert this, never the message. */
  readonly code: string;
  /** JSON pointer (RFC 6901) into the input document; "" is the whole document. */
  readonly path: string;
  readonly message: string;
  readonly position?: SourcePosition;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly Issue[] };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(issues: readonly Issue[]): Result<T> {
  return { ok: false, issues };
}

/** Escapes one reference token of a JSON pointer (RFC 6901 section 3). */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapePointerToken(t)}`).join('');
}

export function joinPointer(base: string, ...tokens: readonly (string | number)[]): string {
  return base + pointer(...tokens);
}

/** One line per issue: `file:line:col pointer: message`. */
export function formatIssue(issue: Issue, file?: string): string {
  const where = [file, issue.position?.line, issue.position?.column].filter((p) => p !== undefined).join(':');
  const at = issue.path === '' ? '(document)' : issue.path;
  return `${where ? `${where} ` : ''}${at}: ${issue.message} [${issue.code}]`;
}
