import { describe, expect, test } from 'vitest';
import { changedLineNumbers } from './changed-lines.js';

describe('changedLineNumbers', () => {
  test('numbers added and modified lines from the hunk start, skipping context and removals', () => {
    const patch = '@@ -10,4 +10,5 @@ fn\n ctx\n-old\n+new\n+added\n ctx\n ctx\n';
    expect(changedLineNumbers(patch)).toEqual([11, 12]);
  });

  test('reads several hunks, each from its own start', () => {
    const patch = '@@ -1 +1 @@\n-a\n+b\n@@ -20,2 +20,3 @@\n x\n+y\n x\n';
    expect(changedLineNumbers(patch)).toEqual([1, 21]);
  });

  test('a new file: every line', () => {
    expect(changedLineNumbers('@@ -0,0 +1,3 @@\n+a\n+b\n+c\n\\ No newline at end of file\n')).toEqual([
      1, 2, 3,
    ]);
  });

  test('a deletion adds no line', () => {
    expect(changedLineNumbers('@@ -1,2 +0,0 @@\n-a\n-b\n')).toEqual([]);
  });

  test('an empty patch (mode change) adds no line', () => {
    expect(changedLineNumbers('')).toEqual([]);
  });

  test('a + line outside any hunk makes the lines unknown', () => {
    expect(changedLineNumbers('+sneaky\n')).toBeUndefined();
    expect(changedLineNumbers('@@ -1 +1 @@\n-a\n+b\n+extra beyond the hunk\n')).toBeUndefined();
  });

  test('a hunk shorter than its header says makes the lines unknown', () => {
    expect(changedLineNumbers('@@ -1,3 +1,3 @@\n a\n')).toBeUndefined();
  });
});
