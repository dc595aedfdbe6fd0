import { rmSync } from 'node:fs';
import { validateAgainst } from '@trustladder/core';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';
import { type TempGitRepo, tempGitRepo } from '../testing/temp-git-repo.js';

// An empty git range changes nothing: T0 with the reason printed, so `--fail-above T1` passes
// it, while the same policy's default (T2) still applies to an input change with no files.

let repo: TempGitRepo;
beforeEach(() => {
  repo = tempGitRepo('tl-empty-');
  repo.write({ 'README.md': 'hello\n' });
  repo.commit('base');
  repo.git('commit', '-q', '--allow-empty', '-m', 'nothing');
});
afterEach(() => rmSync(repo.dir, { recursive: true, force: true }));

async function run(args: string[], stdin?: string) {
  const io = fakeIo({ cwd: repo.dir, ...(stdin === undefined ? {} : { stdin }) });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

test('an empty range is T0 with the reason, and passes --fail-above T1', async () => {
  const r = await run(['classify', '--git', 'HEAD~1...HEAD', '--fail-above', 'T1']);
  expect(r).toMatchObject({ code: 0, err: '' });
  expect(r.out).toMatch(/^T0 {2}non-blast/);
  expect(r.out).toContain('No files changed: the range changes nothing, so it is T0');
});

test('--json carries reason "no files changed" and matches the classification schema', async () => {
  const r = await run(['classify', '--git', 'HEAD~1...HEAD', '--json']);
  expect(r.code).toBe(0);
  const c = JSON.parse(r.out);
  expect(c).toMatchObject({
    tier: 'T0',
    defaulted: false,
    ambiguous: false,
    matches: [],
    reason: 'no files changed',
  });
  expect(validateAgainst('classification', c)).toEqual([]);
});

test('a range that changes a file is classified by the rules (no reason)', async () => {
  repo.write({ 'README.md': 'hello again\n' });
  repo.commit('docs');
  const c = JSON.parse((await run(['classify', '--git', 'HEAD~1...HEAD', '--json'])).out);
  expect(c.reason).toBeUndefined();
});

test('an input change with no files is not "empty": the rules and the default decide', async () => {
  const c = JSON.parse((await run(['classify', '--input', '-', '--json'], '{"files": []}')).out);
  expect(c.reason).toBeUndefined();
  expect(c.defaulted).toBe(true);
  expect(c.tier).not.toBe('T0');
});
