import { describe, expect, test } from 'vitest';
import type { Change } from '../schemas/input-types/index.js';
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
    // Whitespace with control characters in it is refused for the control characters first.
    [' \t\n', 'control'],
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
    ['\u200b.github/workflows/release.yml', 'invisible'],
    ['.github/workflows/release\u200d.yml', 'invisible'],
    ['src/\u202egpj.ts', 'bidi'],
    ['src/a\tb.ts', 'control'],
  ])('refuses %j as %s', (raw, problem) => {
    expect(normalisePath(raw)).toEqual({ ok: false, problem });
  });
});

describe('a path a reviewer cannot tell from another', () => {
  test('a zero-width prefix on the release workflow is an input error, not a T2 file', async () => {
    const { classify } = await import('./classify.js');
    const { loadBlastRadiusPolicy } = await import('./compile-policy.js');
    const { DEFAULT_POLICY_TEXTS } = await import('../defaults/index.js');
    const { TrustladderError } = await import('../errors.js');
    const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
    const change = (path: string): Change => ({ repo: 'acme/x', files: [{ path, status: 'modified' }] });
    expect(classify(policy, change('.github/workflows/release.yml')).tier).toBe('T3');
    let error: unknown;
    try {
      classify(policy, change('\u200b.github/workflows/release.yml'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrustladderError);
    expect((error as InstanceType<typeof TrustladderError>).issues.map((i) => [i.code, i.path])).toEqual([
      ['path_invisible', '/files/0/path'],
    ]);
  });
});
