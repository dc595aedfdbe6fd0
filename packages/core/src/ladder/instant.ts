// Ledger time. Events carry RFC 3339 UTC timestamps with up to nanosecond digits (Go's
// RFC3339Nano writes 9). A double holds epoch microseconds exactly (< 2^53 until year
// 287396), so an instant is whole microseconds plus the nanoseconds left over: ordering and
// window arithmetic are exact, never rounded.

export interface Instant {
  /** Epoch microseconds, an integer. */
  readonly us: number;
  /** Nanoseconds past `us`, 0..999. */
  readonly ns: number;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * The one strict RFC 3339 parser: `YYYY-MM-DDTHH:MM:SS[.fffffffff](Z|+hh:mm|-hh:mm)`, a real
 * calendar date and clock time (no 2026-02-30, no 99:99:99, no leap second), 1970 or later.
 * Undefined for anything else: a string that only looks like a date is never "no date".
 */
export function parseRfc3339(text: string): Instant | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const offsetHours = Number(oh ?? 0);
  const offsetMinutes = Number(om ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  // Date.UTC rolls 2026-02-30 over into March: compare the fields back to refuse it.
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(local);
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    back.getUTCHours() !== hour ||
    back.getUTCMinutes() !== minute ||
    back.getUTCSeconds() !== second
  )
    return undefined;
  const offset = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const ms = local - offset;
  if (ms < 0) return undefined;
  const nanos = Number((frac ?? '').padEnd(9, '0'));
  return { us: ms * 1000 + Math.floor(nanos / 1000), ns: nanos % 1000 };
}

// The last time parsed and its result. A replay or verify parses each event's `at` in several
// places (order, window, cooldown, future check); an Instant is immutable, so the same string
// gives the same object without parsing it again.
let lastText: string | undefined;
let lastInstant: Instant | undefined;

/** Parses a ledger time: RFC 3339 in UTC (`...Z`) only; undefined for anything else. */
export function parseInstant(text: string): Instant | undefined {
  if (text === lastText) return lastInstant;
  const instant = typeof text === 'string' && text.endsWith('Z') ? parseRfc3339(text) : undefined;
  lastText = text;
  lastInstant = instant;
  return instant;
}

/** The instant of a Date (whole milliseconds); undefined for an invalid Date. */
export function instantOfDate(date: Date): Instant | undefined {
  const ms = date.getTime();
  return Number.isFinite(ms) && ms >= 0 ? { us: ms * 1000, ns: 0 } : undefined;
}

/** Negative, zero or positive as a is before, at or after b. */
export function compareInstants(a: Instant, b: Instant): number {
  return a.us - b.us || a.ns - b.ns;
}

export function addMicros(a: Instant, us: number): Instant {
  return { us: a.us + us, ns: a.ns };
}

/** Whether `later - earlier` is strictly less than `us` microseconds (later >= earlier). */
export function isWithin(earlier: Instant, later: Instant, us: number): boolean {
  // later - earlier = dUs + dNs/1000 with dNs in 0..999 once borrowed, so it is below `us`
  // exactly when the whole-microsecond part is.
  const dUs = later.ns >= earlier.ns ? later.us - earlier.us : later.us - earlier.us - 1;
  return dUs < us;
}

/** RFC 3339 UTC, with only the fractional digits the instant needs. */
export function formatInstant(a: Instant): string {
  const ms = Math.floor(a.us / 1000);
  const base = new Date(ms).toISOString().slice(0, 19);
  const frac = ((ms % 1000) * 1_000_000 + (a.us % 1000) * 1000 + a.ns).toString().padStart(9, '0');
  const trimmed = frac.replace(/0+$/, '');
  return trimmed === '' ? `${base}Z` : `${base}.${trimmed}Z`;
}
