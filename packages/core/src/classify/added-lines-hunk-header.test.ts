import { describe, expect, test } from 'vitest';
import { readPatch } from './added-lines.js';

// A hunk header is only a line that starts with `@@ -start[,count] +start[,count] @@`, with
// numbers of any length and either count left out. A header that is read is seen in the
// scopes: a line of the hunk is enclosed by the context line above it, while a `+` line outside
// any hunk is added with no scope. And a `+` line that merely contains a header is added.

describe('a hunk header', () => {
  test.each(['@@ -10,10 +10,11 @@', '@@ -123,45 +678,90 @@ def down', '@@ -1 +1,2 @@', '@@ -1,2 +1 @@'])(
    '%j starts a hunk',
    (header) => {
      expect(readPatch(`${header}\n def down\n+  drop\n`).scopes).toEqual([['def down']]);
    },
  );

  test.each([
    ['@@ -a +1 @@', 'a start that is not a number'],
    ['@@ -1,x +1 @@', 'a count that is not a number'],
    ['@@ -1, +1 @@', 'a comma without a count'],
    ['@@ -1 +1', 'no closing "@@"'],
    [' @@ -1 +1 @@', 'a context line'],
  ])('%j does not (%s)', (header) => {
    expect(readPatch(`${header}\n def down\n+  drop\n`).scopes).toEqual([[]]);
  });

  test('"@@ -1 +1 @@", both counts left out, starts a hunk of one line each side', () => {
    // Inside it, `--- a` and `+++ b` are a removed and an added line; outside any hunk they
    // would be the two headers of the next file.
    expect(readPatch('@@ -1 +1 @@\n--- a\n+++ b\n')).toEqual({
      added: ['++ b'],
      scopes: [[]],
      removed: ['-- a'],
    });
  });

  test('an added line outside a hunk that contains a header is added, and starts nothing', () => {
    const patch = '+x @@ -0,0 +1,3 @@\n def down\n+  drop\n';
    expect(readPatch(patch)).toEqual({
      added: ['x @@ -0,0 +1,3 @@', '  drop'],
      scopes: [[], []],
      removed: [],
    });
  });
});
