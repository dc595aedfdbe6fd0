import { describe, expect, test } from 'vitest';
import { isWithin } from './instant.js';

// isWithin borrows one microsecond when the later instant has fewer leftover nanoseconds. The
// edge tests (instant.test.ts) start at the epoch, where adding the earlier microseconds and
// subtracting them agree; found open by mutation testing (docs/mutation-testing.md).

describe('isWithin with a borrow, away from the epoch', () => {
  test('99 microseconds and 999 nanoseconds apart is within 100; 100 microseconds apart is not', () => {
    expect(isWithin({ us: 50, ns: 5 }, { us: 150, ns: 4 }, 100)).toBe(true);
    expect(isWithin({ us: 50, ns: 5 }, { us: 151, ns: 4 }, 100)).toBe(false);
  });
});
