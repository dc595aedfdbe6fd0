import { isTier, type Tier } from '@trustladder/core';
import { AttestError } from './errors.js';

// Argument checks for the exported entry points. A library caller is as untrusted as a file:
// an approval checked against no digest, at an invalid Date or for the tier 't3' would
// otherwise fall through to "accepted". Every check throws INVALID_ARGUMENT naming the field.

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function invalidArgument(what: string, problem: string): never {
  throw new AttestError('INVALID_ARGUMENT', `${what} ${problem}`);
}

export function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    invalidArgument(what, 'must be an object');
  return value as Record<string, unknown>;
}

export function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') invalidArgument(what, 'must be a non-empty string');
  return value;
}

export function requireTier(value: unknown, what: string): Tier {
  if (typeof value !== 'string' || !isTier(value))
    invalidArgument(what, `must be one of T0, T1, T2, T3, not ${JSON.stringify(value)}`);
  return value;
}

export function requireDigest(value: unknown, what: string): string {
  if (typeof value !== 'string' || !DIGEST.test(value))
    invalidArgument(what, 'must be sha256:<64 lower-case hex digits>');
  return value;
}

export function optionalDigest(value: unknown, what: string): string | undefined {
  return value === undefined ? undefined : requireDigest(value, what);
}

/** A valid Date, or undefined when none was given; an invalid Date is refused. */
export function optionalDate(value: unknown, what: string): Date | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || !Number.isFinite(value.getTime()))
    invalidArgument(what, 'must be a valid Date');
  return value;
}

export function requireFunction(owner: Record<string, unknown>, name: string, what: string): void {
  if (typeof owner[name] !== 'function') invalidArgument(what, `has no ${name}()`);
}
