import { RE2JS } from 're2js';
import { describe, expect, test } from 'vitest';
import { compileGlob } from './compile-glob.js';
import { GlobSyntaxError } from './glob-error.js';
import { GlobSet } from './glob-set.js';

// Each case is checked twice: with the glob's RE2 regex (what Rego runs) and with the
// GlobSet (what the TypeScript engine runs).
function matches(glob: string, path: string, ignoreCase = false): boolean {
  const compiled = compileGlob(glob, ignoreCase);
  const byRegex = RE2JS.compile(compiled.regex).matches(path);
  const set = new GlobSet();
  set.add(0, compiled);
  const bySet = set.match(path).includes(0);
  expect(bySet, `GlobSet and regex disagree on ${glob} ~ ${path}`).toBe(byRegex);
  return byRegex;
}

describe('glob semantics (DESIGN.md)', () => {
  test.each([
    ['**/auth/**', 'auth/login.ts', true],
    ['**/auth/**', 'src/auth/login.ts', true],
    ['**/auth/**', 'src/auth', true],
    ['**/auth/**', 'src/oauth/login.ts', false],
    ['docs/**', 'docs', true],
    ['docs/**', 'docs/a/b.md', true],
    ['docs/**', 'docsx/a.md', false],
    ['**', 'any/thing/at/all', true],
    ['**/*.md', 'README.md', true],
    ['**/*.md', 'a/b/c.md', true],
    ['*.md', 'a/b.md', false],
    ['*', '.env', true],
    ['**', '.github/workflows/ci.yml', true],
    ['**/*.yml', '.github/workflows/ci.yml', true],
    ['src/*', 'src/a/b', false],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/**/b', 'a/x/b', true],
    ['?.ts', 'a.ts', true],
    ['?.ts', 'ab.ts', false],
    ['?', '/', false],
    ['[abc].ts', 'b.ts', true],
    ['[a-c].ts', 'd.ts', false],
    ['[!a-c].ts', 'd.ts', true],
    ['[!a-c].ts', 'a.ts', false],
    ['[^a].ts', 'b.ts', true],
    ['{docs,tests}/**', 'tests/unit/x.ts', true],
    ['{docs,tests}/**', 'src/x.ts', false],
    ['*.{md,mdx}', 'a.mdx', true],
    ['{src/auth,lib}/**', 'src/auth/x.ts', true],
    ['{a,{b,c}}.ts', 'c.ts', true],
    ['pages/\\[id\\].tsx', 'pages/[id].tsx', true],
    ['pages/\\[id\\].tsx', 'pages/i.tsx', false],
    ['a.b', 'axb', false],
    ['a+b(c)', 'a+b(c)', true],
    ['caf\u00e9/*', 'caf\u00e9/x', true],
    ['[\u00e0-\u00ff]', '\u00e9', true],
    ['*\u{1F600}', 'x\u{1F600}', true],
    ['?', '\u{1F600}', true],
    ['src/**/*.test.ts', 'src/z.test.ts', true],
    ['src/a*', 'src/abc', true],
    ['*b', 'ab', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
  ])('%s ~ %s is %s', (glob, path, expected) => {
    expect(matches(glob, path)).toBe(expected);
  });

  test('is case-sensitive unless ignoreCase', () => {
    expect(matches('**/auth/**', 'src/Auth/x.ts')).toBe(false);
    expect(matches('**/auth/**', 'src/Auth/x.ts', true)).toBe(true);
    expect(matches('*.TS', 'a.ts', true)).toBe(true);
  });

  test('compiles to an anchored RE2 regex', () => {
    expect(compileGlob('**/auth/**').regex).toBe('^(?:[^/]*/)*auth(?:/.*)?$');
    expect(compileGlob('docs/*.md', true).regex).toBe('(?i)^docs/[^/]*\\.md$');
    expect(compileGlob('{a,b}').regex).toBe('^(?:a|b)$');
  });
});

describe('glob syntax errors', () => {
  test.each([
    [''],
    ['/abs/**'],
    ['a//b'],
    ['docs/'],
    ['a/../b'],
    ['./a'],
    ['[abc'],
    ['[]'],
    ['[z-a]'],
    ['{a,b'],
    ['a}'],
    ['a\\'],
    ['[a/b]'],
    ['a]b'],
    ['{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}'],
  ])('refuses %j', (glob) => {
    expect(() => compileGlob(glob)).toThrow(GlobSyntaxError);
  });
});
