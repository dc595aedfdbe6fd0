import { describe, expect, test } from 'vitest';
import { formatInstant, parseInstant, parseRfc3339 } from './instant.js';

// What the one date parser refuses beyond the calendar (instant.test.ts, rfc3339.test.ts): the
// shape of the text around the fields. Found open by mutation testing
// (docs/mutation-testing.md): each line fails if one part of the pattern is loosened.

describe('parseRfc3339 refuses text that is not exactly one timestamp', () => {
  test.each([
    ['junk before it', 'x2026-04-16T16:30:00Z'],
    ['junk after it', '2026-04-16T16:30:00Zx'],
    ['a fraction point with no digits', '2026-04-16T16:30:00.Z'],
    ['ten fraction digits', '2026-04-16T16:30:00.0000000001Z'],
    ['a five-digit year', '12026-04-16T16:30:00Z'],
    ['a three-digit month', '2026-004-16T16:30:00Z'],
    ['a three-digit day', '2026-04-016T16:30:00Z'],
    ['a three-digit hour', '2026-04-16T016:30:00Z'],
    ['a three-digit minute', '2026-04-16T16:030:00Z'],
    ['a three-digit second', '2026-04-16T16:30:000Z'],
    ['a three-digit offset hour', '2026-04-16T16:30:00+002:00'],
    ['a three-digit offset minute', '2026-04-16T16:30:00+02:000'],
  ])('%s: %s', (_, text) => expect(parseRfc3339(text)).toBeUndefined());

  test('a year below 100 is not read as 19xx (Date.UTC maps 0075 to 1975)', () => {
    expect(parseRfc3339('0075-01-01T00:00:00Z')).toBeUndefined();
    expect(parseRfc3339('1975-01-01T00:00:00Z')).toBeDefined();
  });

  test('nine fraction digits are the most it reads', () => {
    expect(formatInstant(parseRfc3339('2026-04-16T16:30:00.000000001Z') ?? expect.unreachable())).toBe(
      '2026-04-16T16:30:00.000000001Z',
    );
  });
});

describe('parseInstant', () => {
  test('a value that is not a string is no instant, not a crash (ledger rows are untrusted)', () => {
    for (const value of [undefined, null, 42, { at: '2026-04-16T16:30:00Z' }])
      expect(parseInstant(value as never)).toBeUndefined();
  });

  test('the same text parsed twice gives the same instant, and a different text its own', () => {
    const first = parseInstant('2026-04-16T16:30:00Z');
    expect(parseInstant('2026-04-16T16:30:00Z')).toEqual(first);
    expect(parseInstant('2026-04-16T16:30:01Z')).toEqual({ us: (first?.us ?? 0) + 1_000_000, ns: 0 });
    expect(parseInstant('nope')).toBeUndefined();
  });
});
