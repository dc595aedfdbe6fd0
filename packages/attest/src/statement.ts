import { parseJson } from '@trustladder/core';
import { AttestError } from './errors.js';

/** An in-toto statement (https://in-toto.io/Statement/v1). */
export interface InTotoStatement {
  readonly _type: string;
  readonly subject: readonly InTotoSubject[];
  readonly predicateType: string;
  readonly predicate: unknown;
}

export interface InTotoSubject {
  readonly name?: string;
  readonly digest: Readonly<Record<string, string>>;
}

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const STATEMENT_TYPES = ['https://in-toto.io/Statement/v1', 'https://in-toto.io/Statement/v0.1'];
const PAYLOAD_LIMITS = { maxBytes: 4 * 1024 * 1024, maxNodes: 200_000, maxDepth: 64 };

// Parses the payload of a verified DSSE envelope. The signature covers these bytes, but the
// signer may still be an attacker who holds a trusted identity's token for a moment, so the
// JSON is parsed by the strict reader (bounds, no duplicate keys: `"taskId": "other",
// "taskId": "mine"` reads differently in Go and in JS) and every field the gates read is
// checked for shape.
export function parseStatement(payloadType: string, payload: Uint8Array): InTotoStatement {
  if (!(payload instanceof Uint8Array))
    throw new AttestError('INVALID_ARGUMENT', 'the payload must be bytes (a Uint8Array)');
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new AttestError(
      'PAYLOAD_TYPE_INVALID',
      `the payload type is ${JSON.stringify(payloadType)}, not ${IN_TOTO_PAYLOAD_TYPE}`,
    );
  }
  let text: string;
  try {
    // fatal: bytes that are not UTF-8 are refused, not replaced; ignoreBOM: a BOM is kept,
    // so the strict reader sees it and refuses it, instead of the decoder stripping it.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(payload);
  } catch (e) {
    throw new AttestError('STATEMENT_INVALID', 'the payload is not UTF-8', { cause: e });
  }
  const parsed = parseJson(text, PAYLOAD_LIMITS);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    const where = first?.path ? ` at ${first.path}` : '';
    throw new AttestError(
      parsed.issues.some((i) => i.code === 'duplicate_key') ? 'STATEMENT_DUPLICATE_KEY' : 'STATEMENT_INVALID',
      `the payload cannot be read${where}: ${first?.message ?? 'not JSON'}`,
    );
  }
  const s = parsed.value.value as Partial<Record<keyof InTotoStatement, unknown>> | null;
  if (s === null || typeof s !== 'object' || Array.isArray(s)) {
    throw new AttestError('STATEMENT_INVALID', 'the payload is not a JSON object');
  }
  if (typeof s._type !== 'string' || !STATEMENT_TYPES.includes(s._type)) {
    throw new AttestError('STATEMENT_INVALID', 'the payload is not an in-toto statement');
  }
  if (typeof s.predicateType !== 'string' || s.predicateType === '') {
    throw new AttestError('STATEMENT_INVALID', 'the statement has no predicateType');
  }
  if (!Array.isArray(s.subject) || s.subject.length === 0 || !s.subject.every(isSubject)) {
    throw new AttestError('STATEMENT_INVALID', 'the statement has no well-formed subject');
  }
  return { _type: s._type, subject: s.subject, predicateType: s.predicateType, predicate: s.predicate };
}

function isSubject(value: unknown): value is InTotoSubject {
  if (value === null || typeof value !== 'object') return false;
  const { name, digest } = value as { name?: unknown; digest?: unknown };
  if (name !== undefined && typeof name !== 'string') return false;
  if (digest === null || typeof digest !== 'object' || Array.isArray(digest)) return false;
  const entries = Object.entries(digest);
  return entries.length > 0 && entries.every(([, v]) => typeof v === 'string' && /^[0-9a-f]+$/.test(v));
}

/** Whether a statement names `sha256:<hex>` among its subjects. */
export function hasSubjectDigest(statement: InTotoStatement, digest: string): boolean {
  const hex = digest.startsWith('sha256:') ? digest.slice('sha256:'.length) : null;
  return hex !== null && statement.subject.some((s) => s.digest.sha256 === hex);
}
