import { describe, expect, test } from 'vitest';
import { readPatch } from './added-lines.js';

// How a hunk's line counts and its odd lines decide what encloses an added line.

describe('readPatch: hunk counts', () => {
  test('a "\\ No newline" line inside a hunk counts against neither side', () => {
    const patch = '@@ -1 +1,2 @@\n-def down\n\\ No newline at end of file\n+def down\n+  drop\n';
    expect(readPatch(patch)).toEqual({
      added: ['def down', '  drop'],
      scopes: [[], ['def down']],
      removed: ['def down'],
    });
  });

  test('a blank context line a tool trimmed to nothing ends no block, and is a blank line', () => {
    expect(readPatch('@@ -1,2 +1,3 @@\n def down\n\n+  drop\n').scopes).toEqual([['def down']]);
    // Blank, it is between a header and a brace: the brace opens a bare block.
    expect(readPatch('@@ -1,2 +1,4 @@\n   down()\n\n+  {\n+    drop()\n').scopes).toEqual([[], ['  {']]);
  });
});
