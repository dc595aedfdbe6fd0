import { describe, expect, test } from 'vitest';
import { readPatch } from './added-lines.js';

// Where one file's hunks end and the next file's headers begin: a hunk ends when both its
// counts are spent (context lines spend both, a removed line the old count, an omitted count
// is 1), and outside a hunk only a `--- ` line followed by a `+++ ` line is a pair of headers;
// any other `+` or `-` line there is still an added or a removed line (fail closed).

describe('hunks end when their counts are spent', () => {
  test("the next file's headers after a hunk of omitted counts are not lines", () => {
    expect(readPatch('@@ -1 +1 @@\n-x\n+y\n--- a/b\n+++ b/b\n@@ -1,2 +1 @@\n-p\n-q\n+r\n')).toEqual({
      added: ['y', 'r'],
      scopes: [[], []],
      removed: ['x', 'p', 'q'],
    });
  });

  test('context lines spend both counts', () => {
    expect(readPatch('@@ -1,2 +1,2 @@\n ctx\n-x\n+y\n--- a/b\n+++ b/b\n')).toEqual({
      added: ['y'],
      scopes: [[]],
      removed: ['x'],
    });
  });
});

describe('outside a hunk, only "--- " then "+++ " is a pair of headers', () => {
  test.each([
    ['+++ x\n', { added: ['++ x'], scopes: [[]], removed: [] }],
    ['--- a\n+b\n', { added: ['b'], scopes: [[]], removed: ['-- a'] }],
    ['-x\n+++ y\n', { added: ['++ y'], scopes: [[]], removed: ['x'] }],
    ['--- a\n+++ b\n', { added: [], scopes: [], removed: [] }],
  ])('%j', (patch, lines) => {
    expect(readPatch(patch)).toEqual(lines);
  });
});

describe('indentation', () => {
  test('a tab counts as one column of indent', () => {
    expect(readPatch('@@ -0,0 +1,2 @@\n+\tdown() {\n+\t\tdrop x\n').scopes).toEqual([[], ['\tdown() {']]);
  });

  test('a line of only spaces is blank: in no block, and opening none', () => {
    expect(readPatch('@@ -0,0 +1,3 @@\n+def down\n+ \n+  drop\n').scopes).toEqual([[], [], ['def down']]);
  });
});
