import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateAgainst } from '@trustladder/core';
import { arbitraryChange, propConfig } from '@trustladder/core/testing';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';

const ROOT = join(import.meta.dirname, '../../../..');

async function run(args: string[], stdin?: string, cwd = ROOT) {
  const io = fakeIo({ ...(stdin === undefined ? {} : { stdin }), cwd });
  const code = await main(['classify', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('trustladder classify --input', () => {
  test('prints the classification as JSON and exits 0', async () => {
    const r = await run(['--input', 'examples/changes/12-drop-column.json', '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(validateAgainst('classification', result)).toEqual([]);
    expect(result).toMatchObject({
      tier: 'T3',
      defaulted: false,
      ambiguous: false,
      policy: { name: 'default' },
    });
  });

  test('reads standard input for -', async () => {
    const r = await run(
      ['--input', '-', '--json'],
      JSON.stringify({ files: [{ path: 'docs/a.md', status: 'added' }] }),
    );
    expect(JSON.parse(r.out).tier).toBe('T0');
  });

  test('prints a table for several inputs', async () => {
    const r = await run([
      '--input',
      'examples/changes/01-docs-typo.json',
      '--input',
      'examples/changes/14-session-handling.json',
    ]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter(Boolean)).toHaveLength(3);
    expect(r.out).toMatch(/14-session-handling\.json\s+T3\s+-\s+t3-auth/);
  });

  test('names the rule, its files and the missing facts in human output', async () => {
    const r = await run(['--input', 'examples/changes/13-migration-without-patch.json']);
    expect(r.out).toContain('t3-destructive-ddl');
    expect(r.out).toContain('missing /files/0/patch');
    expect(r.out).toContain('db/migrations/0043_backfill_region.sql');
  });

  test('--fail-above exits 1 when a tier is above the limit', async () => {
    expect((await run(['--input', 'examples/changes/12-drop-column.json', '--fail-above', 'T2'])).code).toBe(
      1,
    );
    expect((await run(['--input', 'examples/changes/01-docs-typo.json', '--fail-above', 'T2'])).code).toBe(0);
  });

  test('uses the policy given with --policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-policy-'));
    writeFileSync(
      join(dir, 'p.yaml'),
      'apiVersion: trustladder.dev/v1\nkind: BlastRadiusPolicy\nmetadata: {name: strict}\ndefault: T3\nrules: []\n',
    );
    const r = await run([
      '--policy',
      join(dir, 'p.yaml'),
      '--input',
      'examples/changes/01-docs-typo.json',
      '--json',
    ]);
    expect(JSON.parse(r.out)).toMatchObject({ tier: 'T3', defaulted: true, policy: { name: 'strict' } });
  });
});

describe('trustladder classify: bad input exits 2 with one line naming file, pointer and problem', () => {
  test.each<[string, string[], string | undefined, RegExp]>([
    [
      'a missing file',
      ['--input', 'nope.json'],
      undefined,
      /^trustladder classify: nope\.json .*no such file/,
    ],
    ['invalid JSON', ['--input', '-'], '{"files": [', /^trustladder classify: - .*invalid JSON/],
    [
      'a path escaping the root',
      ['--input', '-'],
      '{"files":[{"path":"../x","status":"added"}]}',
      /^trustladder classify: - \/files\/0\/path: the path leaves the repository root/,
    ],
    ['an unknown flag', ['--inptu', 'x'], undefined, /^trustladder classify: Unknown option '--inptu'/],
    [
      'both --input and --git',
      ['--input', 'a', '--git', 'a...b'],
      undefined,
      /^trustladder classify: give either --input or --git/,
    ],
    ['a bad --fail-above', ['--input', 'a', '--fail-above', 'T9'], undefined, /--fail-above takes/],
  ])('%s', async (_, args, stdin, message) => {
    const r = await run(args, stdin);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')[0]).toMatch(message);
  });

  test('an invalid policy names the policy file, pointer and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-policy-'));
    writeFileSync(
      join(dir, 'bad.yaml'),
      'apiVersion: trustladder.dev/v1\nkind: BlastRadiusPolicy\nmetadata: {name: x}\ndefault: T2\nrules:\n  - {id: a, tier: T3, description: d, when: {files: {paths: ["[oops"]}}}\n',
    );
    const r = await run(['--policy', join(dir, 'bad.yaml'), '--input', 'examples/changes/01-docs-typo.json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.yaml:6:\d+ \/rules\/0\/when\/files\/paths\/0: invalid glob/);
  });

  test('any corrupted change exits 2 with one line, never a crash', async () => {
    const corrupt = arbitraryChange().chain((c) =>
      fc.constantFrom(
        JSON.stringify({ ...c, files: [...c.files, { path: '/etc/passwd', status: 'added' }] }),
        JSON.stringify({ ...c, files: 'x' }),
        JSON.stringify(c).slice(0, -1),
        JSON.stringify({ ...c, extra: 1 }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(corrupt, async (text) => {
        const r = await run(['--input', '-'], text);
        expect(r.code).toBe(2);
        expect(r.err.trim().split('\n')).toHaveLength(1);
        expect(r.err).not.toContain('internal error');
      }),
      propConfig(1000),
    );
  });
});

describe('trustladder classify --git', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'tl-git-'));
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 't');
    git('remote', 'add', 'origin', 'git@github.com:acme/payments-api.git');
    mkdirSync(join(repo, 'src/auth'), { recursive: true });
    mkdirSync(join(repo, 'db/migrations'), { recursive: true });
    writeFileSync(
      join(repo, 'src/auth/notes.md'),
      'a long enough note\nthat git detects the rename\nof this file\nline four\n',
    );
    writeFileSync(join(repo, 'src/auth/keys.txt'), 'key one\nkey two\nkey three\nkey four\n');
    writeFileSync(join(repo, 'src/app.ts'), 'export const a = 1;\n');
    writeFileSync(join(repo, 'logo.png'), Buffer.from([0, 1, 2, 3, 0, 255]));
    git('add', '-A');
    git('commit', '-qm', 'base');
    // A branch that only moves a file out of src/auth into docs.
    git('checkout', '-qb', 'rename-only');
    mkdirSync(join(repo, 'docs'), { recursive: true });
    git('mv', 'src/auth/keys.txt', 'docs/keys.txt');
    git('add', '-A');
    git('commit', '-qm', 'rename');
    git('checkout', '-q', 'main');
    git('checkout', '-qb', 'feature');
    mkdirSync(join(repo, 'docs'), { recursive: true });
    git('mv', 'src/auth/notes.md', 'docs/guide.md');
    writeFileSync(
      join(repo, 'db/migrations/0042 drop café.sql'),
      'ALTER TABLE users\n  DROP COLUMN legacy;\n',
    );
    writeFileSync(join(repo, 'logo.png'), Buffer.from([0, 9, 9, 9, 0, 255]));
    writeFileSync(join(repo, 'src/app.ts'), 'export const a = 2;\n');
    git('add', '-A');
    git('commit', '-qm', 'feature');
  });

  test('reads renames, content and binary files from a git range', async () => {
    const r = await run(['--git', 'main...feature', '--repo', repo, '--json']);
    expect(r.err).toBe('');
    const result = JSON.parse(r.out);
    const ddl = result.matches.find((m: { rule: string }) => m.rule === 't3-destructive-ddl');
    expect(ddl).toMatchObject({ state: 'true', surfaces: ['db/migrations/0042 drop café.sql'] });
    expect(result.tier).toBe('T3');
  });

  test('a rename out of an auth folder is seen under its old path', async () => {
    const r = await run(['--git', 'main...rename-only', '--repo', repo, '--json']);
    const auth = JSON.parse(r.out).matches.find((m: { rule: string }) => m.rule === 't3-auth');
    expect(auth).toMatchObject({ state: 'true', surfaces: ['src/auth/keys.txt'] });
  });

  test('a binary file has no patch, so content rules about it are unknown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-policy-'));
    writeFileSync(
      join(dir, 'p.yaml'),
      'apiVersion: trustladder.dev/v1\nkind: BlastRadiusPolicy\nmetadata: {name: bin}\ndefault: T0\nrules:\n  - {id: png-secret, tier: T3, description: d, when: {files: {paths: ["*.png"], content: {pattern: "secret"}}}}\n',
    );
    const r = await run([
      '--policy',
      join(dir, 'p.yaml'),
      '--git',
      'main...feature',
      '--repo',
      repo,
      '--json',
    ]);
    const result = JSON.parse(r.out);
    expect(result).toMatchObject({
      tier: 'T3',
      ambiguous: true,
      matches: [{ rule: 'png-secret', state: 'unknown', surfaces: ['logo.png'] }],
    });
    expect(result.matches[0].unknown).toHaveLength(1);
  });

  test('dependency changes of package.json are facts: unknown allowlisting raises the tier', async () => {
    git('checkout', '-qb', 'dependency', 'main');
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ dependencies: { 'left-pad-ng': '0.0.3' } }));
    git('add', '-A');
    git('commit', '-qm', 'dependency');
    const r = await run(['--git', 'main...dependency', '--repo', repo, '--json']);
    const result = JSON.parse(r.out);
    expect(result).toMatchObject({ tier: 'T2', ambiguous: false });
    const unknown = result.matches.find((m: { rule: string }) => m.rule === 't2-dependency-not-allowlisted');
    expect(unknown).toMatchObject({ state: 'unknown', unknown: ['/dependencies/0/allowlisted'] });
    git('checkout', '-q', 'feature');
  });

  test('a range that looks like an option is refused, exit 2', async () => {
    const r = await run(['--git=--output=/tmp/x', '--repo', repo]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not a git range/);
  });

  test('an unknown revision is an input error, exit 2', async () => {
    const r = await run(['--git', 'main...nope', '--repo', repo]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/git .* failed/);
  });
});

describe('trustladder classify --engine wasm', () => {
  test('gives the same JSON as the TypeScript engine on every shipped example', async () => {
    const inputs = readdirSync(join(ROOT, 'examples/changes')).flatMap((f) => [
      '--input',
      `examples/changes/${f}`,
    ]);
    const ts = await run([...inputs, '--json']);
    const wasm = await run([...inputs, '--json', '--engine', 'wasm']);
    expect(wasm.code).toBe(0);
    expect(JSON.parse(wasm.out)).toEqual(JSON.parse(ts.out));
  });
});
