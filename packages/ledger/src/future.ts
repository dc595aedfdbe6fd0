import {
  compareInstants,
  formatInstant,
  type InputEvent,
  parseInstant,
  TrustladderError,
} from '@trustladder/core';
import { LedgerError } from './errors.js';

/** How far ahead of the clock an event may be stamped by default: 5 minutes. */
export const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000;

/** The latest `at` accepted now: `now` (or the machine's clock) plus the skew. */
export function futureLimit(now: string | undefined, maxSkewMs: number): string {
  if (!Number.isSafeInteger(maxSkewMs) || maxSkewMs < 0)
    throw new TrustladderError('INVALID_INPUT', 'the allowed clock skew must be a whole number of ms >= 0', {
      issues: [{ code: 'invalid_skew', path: '', message: 'expected a whole number of milliseconds >= 0' }],
    });
  const base = now === undefined ? { us: Date.now() * 1000, ns: 0 } : parseInstant(now);
  if (base === undefined)
    throw new TrustladderError('INVALID_INPUT', `now "${now}" is not an RFC 3339 UTC instant`, {
      issues: [{ code: 'invalid_instant', path: '', message: `"${now}" is not an RFC 3339 UTC instant` }],
    });
  return formatInstant({ us: base.us + maxSkewMs * 1000, ns: base.ns });
}

/**
 * Refuses events stamped after the limit: the fold takes events in non-decreasing time, so
 * one event from the future would make every real event after it "older" and block the log.
 */
export function checkNotFuture(
  events: readonly InputEvent[],
  now: string | undefined,
  maxSkewMs: number,
): void {
  const limitText = futureLimit(now, maxSkewMs);
  const limit = parseInstant(limitText);
  if (limit === undefined) throw new Error('unreachable: the limit was just formatted');
  events.forEach((e, i) => {
    const at = parseInstant(e.at);
    if (at !== undefined && compareInstants(at, limit) > 0)
      throw new LedgerError(
        'FUTURE_EVENT',
        `/${i}/at: ${e.at} is ahead of the clock by more than the allowed skew (latest accepted ${limitText}); fix the writer's clock, or pass --now for a replay`,
        { position: i },
      );
  });
}
