import { describe, expect, test } from 'vitest';
import { formatInstant, instantOfDate, parseInstant, parseRfc3339 } from './instant.js';

describe('parseRfc3339, the one strict date parser', () => {
  test.each([
    ['2026-04-16T16:30:00Z', '2026-04-16T16:30:00Z'],
    ['2026-04-16T18:30:00+02:00', '2026-04-16T16:30:00Z'],
    ['2026-04-16T10:00:00.5-06:30', '2026-04-16T16:30:00.5Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00Z'],
  ])('reads %s as %s', (text, utc) => {
    const i = parseRfc3339(text);
    expect(i && formatInstant(i)).toBe(utc);
  });

  test.each([
    '2026-99-99T99:99:99Z',
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-04-16T24:00:00Z',
    '2026-04-16T23:59:60Z',
    '2026-04-16T16:30:00+24:00',
    '2026-04-16T16:30:00+02:60',
    '2026-04-16 16:30:00Z',
    '2026-04-16T16:30:00',
    '2026-04-16t16:30:00z',
    '1969-12-31T23:59:59Z',
    '1970-01-01T00:30:00+01:00',
    'nope',
  ])('refuses %s', (text) => expect(parseRfc3339(text)).toBeUndefined());

  test('ledger times are the same parser restricted to UTC', () => {
    expect(parseInstant('2026-04-16T18:30:00+02:00')).toBeUndefined();
    expect(parseInstant('2026-04-16T16:30:00Z')).toEqual(parseRfc3339('2026-04-16T18:30:00+02:00'));
  });

  test('instantOfDate refuses an invalid Date', () => {
    expect(instantOfDate(new Date('nope'))).toBeUndefined();
    expect(instantOfDate(new Date('2026-04-16T16:30:00Z'))).toEqual(parseInstant('2026-04-16T16:30:00Z'));
  });
});
