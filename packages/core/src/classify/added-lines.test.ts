import { describe, expect, test } from 'vitest';
import { addedLines } from './added-lines.js';

describe('addedLines', () => {
  test('reads the added lines of a hunk without the plus', () => {
    expect(addedLines('@@ -1,3 +1,4 @@\n-old\n+new line\n context\n+second\n')).toEqual([
      'new line',
      'second',
    ]);
  });

  test('skips file headers of a git diff but keeps an added line starting with ++', () => {
    const patch = [
      'diff --git a/x.sql b/x.sql',
      '--- a/x.sql',
      '+++ b/x.sql',
      '@@ -1 +1,2 @@',
      ' keep',
      '+++ DROP TABLE users;',
      '\\ No newline at end of file',
    ].join('\n');
    expect(addedLines(patch)).toEqual(['++ DROP TABLE users;']);
  });

  test('reads hunks of several files and the headers between them', () => {
    const patch = '@@ -0,0 +1 @@\n+first\ndiff --git a/b b/b\n--- a/b\n+++ b/b\n@@ -1 +1 @@\n-x\n+second\n';
    expect(addedLines(patch)).toEqual(['first', 'second']);
  });

  test('fails closed: a + line past a hunk that claims fewer lines still counts as added', () => {
    expect(addedLines('@@ -1,1 +1,1 @@\n-a\n+safe\n+DROP TABLE x\n')).toEqual(['safe', 'DROP TABLE x']);
  });

  test('reads a text with no hunk header line by line', () => {
    expect(addedLines('+a\n b\n-c\n+d')).toEqual(['a', 'd']);
  });

  test('an empty patch adds nothing', () => {
    expect(addedLines('')).toEqual([]);
  });

  test('handles CRLF line ends', () => {
    expect(addedLines('@@ -0,0 +1,2 @@\r\n+a\r\n+b\r\n')).toEqual(['a', 'b']);
  });
});
