import { hash as oneShotHash } from 'node:crypto';
import { canonicalJson, type IdentifiedEvent, type RecordedEvent } from '@trustladder/core';

// One stored event is one line: the event's canonical JSON (RFC 8785) with the store's fields
// (id, seq, prev, batchEnd) folded in, and then `"hash":"sha256:..."` before the closing
// brace. `hash` is the sha256 of the line without it (the canonical JSON of everything else),
// and `prev` is the previous line's hash: a chain, so any change, insertion, removal or
// reordering shows. `batchEnd` is the seq of the last event of the atomic append: a batch
// whose last line is missing was never acknowledged (a torn append).

export const GENESIS = `sha256:${'0'.repeat(64)}`;

const HASH_PREFIX = ',"hash":"sha256:';
const SUFFIX_LENGTH = HASH_PREFIX.length + 64 + '"}'.length;

/**
 * The `sha256:<hex>` a line ends with (`,"hash":"sha256:<64 lower hex>"}`), or undefined. A line
 * shorter than the suffix needs no guard: startsWith clamps a negative start to 0, and the hex
 * scan then starts before the line (NaN) or crosses the prefix's `:`. decodeLine refuses a line
 * too short to hold a body by its length.
 */
function hashSuffix(line: string): string | undefined {
  const start = line.length - SUFFIX_LENGTH;
  if (!line.startsWith(HASH_PREFIX, start) || !line.endsWith('"}')) return undefined;
  const from = start + HASH_PREFIX.length;
  for (let i = from; i < from + 64; i++) {
    const c = line.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return undefined;
  }
  return `sha256:${line.slice(from, from + 64)}`;
}

/** A stored event as read back, with the line it came from. */
export interface StoredRecord {
  readonly seq: number;
  readonly id: string;
  readonly prev: string;
  readonly hash: string;
  readonly batchEnd: number;
  readonly event: RecordedEvent;
  readonly line: string;
}

export interface Head {
  /** The seq of the newest event; 0 for an empty log. */
  readonly seq: number;
  /** Its hash; GENESIS for an empty log. */
  readonly hash: string;
}

export const EMPTY_HEAD: Head = { seq: 0, hash: GENESIS };

// The one-shot digest: for a line of a few hundred bytes, creating a Hash object per line
// costs more than hashing it.
export function sha256Hex(text: string): string {
  return oneShotHash('sha256', text, 'hex');
}

/** Encodes a batch after `head`: seqs, chain and batchEnd assigned, one line each. */
export function encodeBatch(head: Head, events: readonly IdentifiedEvent[]): StoredRecord[] {
  const batchEnd = head.seq + events.length;
  let prev = head.hash;
  return events.map((event, i) => {
    const seq = head.seq + i + 1;
    const body = canonicalJson({ ...event, seq, prev, batchEnd });
    const hash = `sha256:${sha256Hex(body)}`;
    const line = `${body.slice(0, -1)},"hash":"${hash}"}`;
    const record: StoredRecord = {
      seq,
      id: event.id,
      prev,
      hash,
      batchEnd,
      event: { ...event, seq } as RecordedEvent,
      line,
    };
    prev = hash;
    return record;
  });
}

export type LineProblemCode = 'unparseable' | 'malformed' | 'not_canonical' | 'hash_mismatch';

export type DecodeResult =
  | { readonly ok: true; readonly record: StoredRecord }
  | { readonly ok: false; readonly code: LineProblemCode; readonly message: string };

/**
 * Decodes one stored line and checks its own hash. The line is untrusted (anyone with write
 * access to the file or table can change it): every field is checked before it is used.
 * `strict` also requires the body to be exactly canonical JSON (verify does; reads rely on
 * the hash, which covers every byte).
 */
export function decodeLine(line: string, strict = false): DecodeResult {
  // A damaged database can hand back a number or bytes where a line was stored.
  if (typeof line !== 'string')
    return { ok: false, code: 'unparseable', message: `the stored line is a ${typeof line}, not text` };
  const hash = hashSuffix(line);
  if (hash === undefined || line.length <= SUFFIX_LENGTH + 1) {
    return isJsonObject(line)
      ? { ok: false, code: 'malformed', message: 'the line does not end with its "hash"' }
      : { ok: false, code: 'unparseable', message: 'the line is not a JSON object' };
  }
  const body = `${line.slice(0, -SUFFIX_LENGTH)}}`;
  if (`sha256:${sha256Hex(body)}` !== hash)
    return {
      ok: false,
      code: 'hash_mismatch',
      message: 'the line was changed after it was written (its hash differs)',
    };
  // The body ends with the `}` put back above, and the only JSON value that ends with `}` is
  // an object: a body that parses needs no further check of its type.
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, code: 'unparseable', message: 'the line is not valid JSON' };
  }
  const v = value as Record<string, unknown>;
  if (
    !Number.isSafeInteger(v.seq) ||
    (v.seq as number) < 1 ||
    typeof v.id !== 'string' ||
    typeof v.prev !== 'string' ||
    !Number.isSafeInteger(v.batchEnd) ||
    'hash' in v
  )
    return { ok: false, code: 'malformed', message: 'the line lacks a valid id, seq, prev or batchEnd' };
  if (strict && !isCanonical(value, body))
    return { ok: false, code: 'not_canonical', message: 'the line is not in canonical JSON form' };
  const { prev, batchEnd, ...event } = v;
  return {
    ok: true,
    record: {
      seq: v.seq as number,
      id: v.id as string,
      prev: prev as string,
      hash,
      batchEnd: batchEnd as number,
      event: event as unknown as RecordedEvent,
      line,
    },
  };
}

// Whether `body` is exactly the RFC 8785 form of `value` (parsed from it). The fast path:
// JSON.stringify writes keys in property order and primitives as RFC 8785 does, so when it
// reproduces the body byte for byte, every object's keys are in code-unit order and every
// string is well-formed, the body is canonical. Anything else (integer-like keys, which
// JavaScript orders numerically; a lone surrogate, which JSON.stringify escapes but RFC 8785
// refuses, having no UTF-8; any difference at all) is decided by the full canonicaliser, so
// the answer is always its answer, and a value it refuses is not canonical.
export function isCanonical(value: unknown, body: string): boolean {
  if (JSON.stringify(value) === body && sortedAndWellFormed(value)) return true;
  try {
    return canonicalJson(value) === body;
  } catch {
    return false;
  }
}

function sortedAndWellFormed(value: unknown): boolean {
  if (typeof value === 'string') return value.isWellFormed();
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(sortedAndWellFormed);
  let previous: string | undefined;
  for (const key in value) {
    if (!key.isWellFormed() || (previous !== undefined && !(previous < key))) return false;
    previous = key;
    if (!sortedAndWellFormed((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}
