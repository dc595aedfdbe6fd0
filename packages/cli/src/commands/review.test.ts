import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalDigest } from '@trustladder/core';
import { changeFromGit } from '@trustladder/core/node';
import { describe, expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';

const ROOT = join(import.meta.dirname, '../../../..');
const EX = 'examples/attestation';
const base = ['--attestors', 'policies/attestors.yaml', '--trusted-root', `${EX}/trusted-root.json`];

async function run(args: string[], cwd = ROOT) {
  const io = fakeIo({ cwd });
  const code = await main(['review', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('trustladder review check', () => {
  test('T2 with a verified interface approval passes (exit 0)', async () => {
    const r = await run([
      'check',
      '--input',
      `${EX}/review-t2.json`,
      ...base,
      '--bundle',
      `${EX}/interface-approval.sigstore.json`,
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      decision: 'pass',
      tier: 'T2',
      approvals: [{ attestor: 'interface-approval' }],
    });
  });

  test('T2 without an approval, or with a forged or misbound one, is refused (exit 1) with the code', async () => {
    expect((await run(['check', '--input', `${EX}/review-t2.json`, ...base])).code).toBe(1);
    const r = await run([
      'check',
      '--input',
      `${EX}/review-t2.json`,
      ...base,
      '--bundle',
      `${EX}/interface-approval-forged.sigstore.json`,
      '--bundle',
      `${EX}/interface-approval-other-task.sigstore.json`,
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^blocked\s+T2/);
    expect(r.out).toMatch(/refused .*interface-approval-forged\.sigstore\.json: SUBJECT_MISMATCH/);
    expect(r.out).toMatch(/refused .*interface-approval-other-task\.sigstore\.json: TASK_MISMATCH/);
  });

  test('--at audits as of a time and says so; a time before the signature is refused', async () => {
    const asOf = (at: string, ...more: string[]) =>
      run([
        'check',
        '--input',
        `${EX}/review-t2.json`,
        ...base,
        '--bundle',
        `${EX}/interface-approval.sigstore.json`,
        '--at',
        at,
        ...more,
      ]);
    const later = await asOf('2030-01-01T00:00:00Z');
    expect(later.code).toBe(0);
    expect(later.out).toMatch(/^pass\s+T2\s+task \S+\s+as of 2030-01-01T00:00:00\.000Z/);
    const before = await asOf('2026-06-01T00:00:00Z', '--json');
    expect(before.code).toBe(1);
    expect(JSON.parse(before.out)).toMatchObject({
      asOf: true,
      refused: [{ code: 'EVALUATED_BEFORE_SIGNING' }],
    });
  });

  test('T3 goes to a human even with a verified co-sign (exit 1)', async () => {
    const r = await run([
      'check',
      '--input',
      `${EX}/review-t3.json`,
      ...base,
      '--bundle',
      `${EX}/t3-approval.sigstore.json`,
      '--json',
    ]);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.out);
    expect(result.decision).toBe('human');
    expect(result.reasons.map((x: { code: string }) => x.code)).toEqual([
      'approval-verified',
      'human-required',
    ]);
  });

  test('bad input is one line on stderr and exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trustladder-review-'));
    writeFileSync(
      join(dir, 'review.json'),
      JSON.stringify({ pr: { repo: 'acme/x' }, task: { id: 't', tier: 'T9' } }),
    );
    const bad = await run(['check', '--input', join(dir, 'review.json'), ...base]);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/review\.json/);
    writeFileSync(join(dir, 'root.json'), '{"mediaType": "nope"}');
    const root = await run([
      'check',
      '--input',
      `${EX}/review-t2.json`,
      '--attestors',
      'policies/attestors.yaml',
      '--trusted-root',
      join(dir, 'root.json'),
    ]);
    expect(root.code).toBe(2);
    expect((await run(['check', '--input', `${EX}/review-t2.json`, ...base, '--at', 'yesterday'])).code).toBe(
      2,
    );
    expect((await run(['check', ...base])).code).toBe(2);
  });
});

describe('trustladder review check: where the change comes from', () => {
  const withoutChange = () => {
    const dir = mkdtempSync(join(tmpdir(), 'trustladder-review-'));
    const input = JSON.parse(readFileSync(join(ROOT, EX, 'review-t2.json'), 'utf8'));
    const change = input.pr.change;
    delete input.pr.change;
    writeFileSync(join(dir, 'review.json'), JSON.stringify(input));
    writeFileSync(join(dir, 'change.json'), JSON.stringify(change));
    return { dir, input };
  };

  test('--change gives the change when the input has none; giving it twice is a usage error', async () => {
    const { dir } = withoutChange();
    const bundle = ['--bundle', `${EX}/interface-approval.sigstore.json`];
    const r = await run([
      'check',
      '--input',
      join(dir, 'review.json'),
      '--change',
      join(dir, 'change.json'),
      ...base,
      ...bundle,
    ]);
    expect(r.code).toBe(0);
    expect((await run(['check', '--input', join(dir, 'review.json'), ...base, ...bundle])).code).toBe(2);
    const twice = await run([
      'check',
      '--input',
      `${EX}/review-t2.json`,
      '--change',
      join(dir, 'change.json'),
      ...base,
    ]);
    expect(twice.code).toBe(2);
  });

  test('--git reads the change from a git range, and its digest must be the one under review', async () => {
    const { dir, input } = withoutChange();
    const repo = mkdtempSync(join(tmpdir(), 'trustladder-review-git-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 't');
    git('remote', 'add', 'origin', 'git@github.com:acme/trustladder.git');
    writeFileSync(join(repo, 'README.md'), 'one\n');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    mkdirSync(join(repo, 'src/auth'), { recursive: true });
    writeFileSync(join(repo, 'src/auth/session.ts'), 'export const s = 1;\n');
    git('add', '.');
    git('commit', '-q', '-m', 'two');
    const range = 'HEAD~1...HEAD';
    const change = changeFromGit(range, { cwd: repo });
    writeFileSync(
      join(dir, 'git.json'),
      JSON.stringify({
        ...input,
        pr: { repo: 'acme/trustladder', changeDigest: canonicalDigest(change) },
        task: { id: 'task-1', tier: 'T3' },
      }),
    );
    const r = await run([
      'check',
      '--input',
      join(dir, 'git.json'),
      '--git',
      range,
      '--repo',
      repo,
      ...base,
      '--json',
    ]);
    expect(r.err).toBe('');
    const result = JSON.parse(r.out);
    expect(result.changeDigest).toBe(canonicalDigest(change));
    expect(result).toMatchObject({ tier: 'T3', decision: 'human', classification: { tier: 'T3' } });
    expect(result.reasons.map((x: { code: string }) => x.code)).not.toContain('change-digest-mismatch');
    writeFileSync(join(dir, 'stale.json'), JSON.stringify({ ...input, task: { id: 'task-1', tier: 'T3' } }));
    const stale = await run([
      'check',
      '--input',
      join(dir, 'stale.json'),
      '--git',
      range,
      '--repo',
      repo,
      ...base,
      '--json',
    ]);
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.out).reasons[0].code).toBe('change-digest-mismatch');
  });
});

describe('trustladder review digest', () => {
  test("prints the sha256 of the change's canonical JSON, the changeDigest approvals name", async () => {
    const r = await run(['digest', '--input', 'examples/changes/09-new-public-endpoint.json']);
    expect(r.code).toBe(0);
    const change = JSON.parse(
      readFileSync(join(ROOT, 'examples/changes/09-new-public-endpoint.json'), 'utf8'),
    );
    expect(r.out.trim()).toBe(canonicalDigest(change));
  });
});
