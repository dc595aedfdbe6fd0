import { describe, expect, test } from 'vitest';
import { normalisePath } from './normalise-path.js';

describe('normalisePath', () => {
  test.each([
    ['src/a.ts', 'src/a.ts'],
    ['./src/a.ts', 'src/a.ts'],
    ['src/./a.ts', 'src/a.ts'],
    ['src//a.ts', 'src/a.ts'],
    ['src\\auth\\login.ts', 'src/auth/login.ts'],
    ['src/x/../a.ts', 'src/a.ts'],
    ['a/b/../../c', 'c'],
    ['docs/', 'docs'],
    ['.github/workflows/ci.yml', '.github/workflows/ci.yml'],
    ['cafe\u0301.md', 'caf\u00e9.md'],
    // Only a leading drive letter is absolute: `c:` further down is an ordinary segment.
    ['a/c:/x', 'a/c:/x'],
    ['src/C:', 'src/C:'],
    [' a ', ' a '],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normalisePath(raw)).toEqual({ ok: true, path: expected });
  });

  test.each([
    ['', 'empty'],
    ['   ', 'empty'],
    [' \t\n', 'empty'],
    ['.', 'empty'],
    ['a/..', 'empty'],
    ['./', 'empty'],
    ['/etc/passwd', 'absolute'],
    ['\\\\server\\share\\x', 'absolute'],
    ['C:/Windows/x', 'absolute'],
    ['c:\\x', 'absolute'],
    ['C:', 'absolute'],
    ['z:', 'absolute'],
    ['../x', 'escapes_root'],
    ['a/../../x', 'escapes_root'],
    ['a\\..\\..\\x', 'escapes_root'],
    ['a\u0000b', 'nul'],
    ['a/\ud800.ts', 'invalid_unicode'],
  ])('refuses %j as %s', (raw, problem) => {
    expect(normalisePath(raw)).toEqual({ ok: false, problem });
  });
});
