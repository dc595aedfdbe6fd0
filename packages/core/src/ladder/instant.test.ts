import { describe, expect, test } from 'vitest';
import {
  addMicros,
  compareInstants,
  formatInstant,
  type Instant,
  instantOfDate,
  isWithin,
  parseInstant,
  parseRfc3339,
} from './instant.js';

// Ledger time decides windows and order (a promotion needs N runs inside a window; a hold
// ends at an exact instant), so each boundary of the arithmetic is pinned here: one
// microsecond or one nanosecond either side.

const at = (text: string) => parseInstant(text) ?? expect.unreachable(`${text} parses`);

describe('parseRfc3339: the edges of what it accepts', () => {
  test('the last valid offset, minute and second of each field is accepted', () => {
    expect(parseRfc3339('2026-04-16T23:30:00+23:59')).toEqual(parseRfc3339('2026-04-15T23:31:00Z'));
    expect(formatInstant(at('2026-04-16T16:59:59Z'))).toBe('2026-04-16T16:59:59Z');
    expect(formatInstant(at('2026-12-31T23:59:59.999999999Z'))).toBe('2026-12-31T23:59:59.999999999Z');
  });

  test('a minute of 60 or a month of 13 rolls over in Date.UTC and is refused', () => {
    expect(parseRfc3339('2026-04-16T16:60:00Z')).toBeUndefined();
    expect(parseRfc3339('2026-13-01T00:00:00Z')).toBeUndefined();
    expect(parseRfc3339('2026-00-10T00:00:00Z')).toBeUndefined();
    expect(parseRfc3339('2026-04-00T00:00:00Z')).toBeUndefined();
  });

  test('a west-of-UTC offset is added, an east one subtracted', () => {
    expect(parseRfc3339('2026-04-16T10:00:00-02:15')).toEqual(at('2026-04-16T12:15:00Z'));
    expect(parseRfc3339('2026-04-16T10:00:00+02:15')).toEqual(at('2026-04-16T07:45:00Z'));
  });

  test('the epoch itself is the first instant; anything before it is refused', () => {
    expect(parseRfc3339('1970-01-01T00:00:00Z')).toEqual({ us: 0, ns: 0 });
    expect(parseRfc3339('1970-01-01T01:00:00+01:00')).toEqual({ us: 0, ns: 0 });
    expect(parseRfc3339('1970-01-01T00:59:59+01:00')).toBeUndefined();
  });

  test('fraction digits are microseconds and the nanoseconds left over, never rounded', () => {
    expect(at('1970-01-01T00:00:01.000001999Z')).toEqual({ us: 1_000_001, ns: 999 });
    expect(at('1970-01-01T00:00:00.5Z')).toEqual({ us: 500_000, ns: 0 });
    expect(at('1970-01-01T00:00:00.000000001Z')).toEqual({ us: 0, ns: 1 });
  });

  test('ledger times are UTC only: a +00:00 offset is not a ledger time', () => {
    expect(parseInstant('2026-04-16T16:30:00+00:00')).toBeUndefined();
    expect(parseInstant('2026-04-16T16:30:00Z')).toBeDefined();
  });
});

describe('instantOfDate', () => {
  test('the epoch is an instant; a Date before it is not', () => {
    expect(instantOfDate(new Date(0))).toEqual({ us: 0, ns: 0 });
    expect(instantOfDate(new Date(-1))).toBeUndefined();
    expect(instantOfDate(new Date(1234))).toEqual({ us: 1_234_000, ns: 0 });
  });
});

describe('compareInstants and addMicros', () => {
  test('orders by microseconds, then by the nanoseconds left over', () => {
    const a: Instant = { us: 10, ns: 999 };
    const b: Instant = { us: 11, ns: 0 };
    expect(compareInstants(a, b)).toBeLessThan(0);
    expect(compareInstants(b, a)).toBeGreaterThan(0);
    expect(compareInstants({ us: 10, ns: 1 }, { us: 10, ns: 2 })).toBeLessThan(0);
    expect(compareInstants({ us: 10, ns: 2 }, { us: 10, ns: 1 })).toBeGreaterThan(0);
    expect(compareInstants({ us: 10, ns: 2 }, { us: 10, ns: 2 })).toBe(0);
  });

  test('addMicros moves the microseconds and keeps the nanoseconds', () => {
    expect(addMicros({ us: 10, ns: 7 }, 5)).toEqual({ us: 15, ns: 7 });
    expect(addMicros({ us: 10, ns: 7 }, -5)).toEqual({ us: 5, ns: 7 });
  });
});

describe('isWithin: later - earlier strictly below a span', () => {
  test('exactly the span apart is not within; one nanosecond less is', () => {
    expect(isWithin({ us: 0, ns: 0 }, { us: 100, ns: 0 }, 100)).toBe(false);
    expect(isWithin({ us: 0, ns: 1 }, { us: 100, ns: 0 }, 100)).toBe(true);
    expect(isWithin({ us: 0, ns: 0 }, { us: 99, ns: 999 }, 100)).toBe(true);
    expect(isWithin({ us: 0, ns: 5 }, { us: 100, ns: 5 }, 100)).toBe(false);
    expect(isWithin({ us: 0, ns: 5 }, { us: 100, ns: 6 }, 100)).toBe(false);
  });
});

describe('formatInstant', () => {
  test('writes only the fraction digits the instant needs', () => {
    expect(formatInstant({ us: 0, ns: 0 })).toBe('1970-01-01T00:00:00Z');
    expect(formatInstant({ us: 1_500_000, ns: 0 })).toBe('1970-01-01T00:00:01.5Z');
    expect(formatInstant({ us: 1_000_010, ns: 0 })).toBe('1970-01-01T00:00:01.00001Z');
    expect(formatInstant({ us: 1_000_000, ns: 30 })).toBe('1970-01-01T00:00:01.00000003Z');
    expect(formatInstant({ us: 1_230_456, ns: 789 })).toBe('1970-01-01T00:00:01.230456789Z');
  });

  test('round-trips every spelling it writes', () => {
    for (const text of ['2026-04-16T16:30:00Z', '2026-04-16T16:30:00.1Z', '2026-04-16T16:30:00.123456789Z'])
      expect(formatInstant(at(text))).toBe(text);
  });
});
