import { describe, expect, test } from 'vitest';
import { normaliseChange } from './normalise-change.js';

// What a file's patch becomes: its added and removed lines and their scopes, or unknown.

const one = (status: string, patch?: string) =>
  normaliseChange({ files: [{ path: 'src/a.ts', status, ...(patch === undefined ? {} : { patch }) }] })
    .files[0];

describe('a file patch, normalised', () => {
  test('a modified file whose patch changes no line (a mode-only change) has unknown content', () => {
    expect(one('modified', '')).toMatchObject({ added: null, removed: null, scopes: null });
    expect(one('modified', '@@ -1,0 +1,0 @@\n')).toMatchObject({ added: null, removed: null, scopes: null });
  });

  test('an added, deleted or renamed file with no changed line has known, empty content', () => {
    expect(one('added', '')).toMatchObject({ added: [], removed: [], scopes: [] });
    expect(one('deleted', '')).toMatchObject({ added: [], removed: [] });
    expect(
      normaliseChange({ files: [{ path: 'b.ts', previousPath: 'a.ts', status: 'renamed', patch: '' }] })
        .files[0],
    ).toMatchObject({ added: [], removed: [] });
  });

  test('a modified file with changed lines carries them, with the scope of each added line', () => {
    expect(one('modified', '@@ -1,2 +1,2 @@\n def down\n-  x\n+  drop\n')).toMatchObject({
      added: ['  drop'],
      removed: ['  x'],
      scopes: [['def down']],
    });
  });

  test('no patch is unknown content', () => {
    expect(one('modified')).toMatchObject({ added: null, removed: null, scopes: null });
  });
});
