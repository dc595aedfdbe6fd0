import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateAgainst } from '@trustladder/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';
import { type TempGitRepo, tempGitRepo } from '../testing/temp-git-repo.js';

// The "done when": on a real git repository, a covered change to one guarded
// service is T1 with --coverage and --services, and T2 without them. The coverage report is
// written by Node's own test runner in the test, not typed by hand.

// The catalog of examples/facts, as the docs and the demo use it.
const CATALOG = readFileSync(join(import.meta.dirname, '../../../../examples/facts/services.yaml'), 'utf8');

const TOTAL_BASE =
  'export function total(items) {\n  let sum = 0;\n  for (const i of items) sum += i.price;\n  return sum;\n}\n';
const TOTAL_HEAD =
  'export function total(items) {\n  return items.reduce((sum, i) => sum + i.price * (i.quantity ?? 1), 0);\n}\n';
const TOTAL_TEST =
  "import test from 'node:test';\nimport assert from 'node:assert';\nimport { total } from '../src/total.mjs';\ntest('total', () => assert.equal(total([{ price: 2, quantity: 3 }]), 6));\n";

const WITH_FACTS = ['--git', 'main...feature', '--coverage', 'lcov.info', '--services', 'services.yaml'];

async function run(repo: TempGitRepo, args: string[]) {
  const io = fakeIo({ cwd: repo.dir });
  const code = await main(['classify', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

/** Classifies the last commit with the given fact flags and returns the JSON result. */
async function lastCommit(repo: TempGitRepo, ...flags: string[]) {
  return JSON.parse((await run(repo, ['--git', 'HEAD~1...HEAD', ...flags, '--json'])).out);
}

function lcovAtHead(repo: TempGitRepo, out = 'lcov.info'): void {
  execFileSync(
    process.execPath,
    [
      '--test',
      '--experimental-test-coverage',
      '--test-reporter=lcov',
      `--test-reporter-destination=${out}`,
      'services/orders/test/total.test.mjs',
    ],
    { cwd: repo.dir, stdio: 'ignore' },
  );
}

describe('classify --git with --coverage and --services', () => {
  let repo: TempGitRepo;
  beforeAll(() => {
    repo = tempGitRepo();
    repo.write({
      'services.yaml': CATALOG,
      'services/orders/src/total.mjs': TOTAL_BASE,
      'services/orders/test/total.test.mjs': TOTAL_TEST,
      'services/search/src/rank.mjs': 'export const rank = (r) => r;\n',
      '.gitignore': '*.info\n',
    });
    repo.commit('base');
    repo.git('checkout', '-qb', 'feature');
    repo.write({ 'services/orders/src/total.mjs': TOTAL_HEAD });
    repo.commit('refactor total');
    lcovAtHead(repo);
  }, 60_000);

  test('without the facts the change is T2; with them it is T1, and the result says where each came from', async () => {
    const without = await run(repo, ['--git', 'main...feature', '--json']);
    expect(without.code).toBe(0);
    const bare = JSON.parse(without.out);
    expect(bare.tier).toBe('T2');
    expect(bare.defaulted).toBe(true);
    expect(bare.facts).toBeUndefined();

    const withFacts = await run(repo, [...WITH_FACTS, '--json']);
    expect(withFacts.err).toBe('');
    const result = JSON.parse(withFacts.out);
    expect(validateAgainst('classification', result)).toEqual([]);
    expect(result.tier).toBe('T1');
    expect(result.defaulted).toBe(false);
    const rules = result.matches.map((m: { rule: string; state: string }) => `${m.rule}:${m.state}`);
    expect(rules).toEqual(expect.arrayContaining(['t1-covered-refactor:true', 't1-guarded-service:true']));
    expect(result.facts).toEqual([
      {
        fact: '/coverage',
        from: ['lcov.info (lcov)'],
        value: { changedLines: 1, coveredLines: 1 },
        notInReport: [],
        unknownLines: [],
      },
      {
        fact: '/service',
        from: ['services.yaml'],
        value: { name: 'orders', slo: true, canary: true, killSwitch: true },
        touched: ['orders'],
        outside: [],
        guards: {
          slo: { value: true, from: ['catalog services.yaml'] },
          canary: { value: true, from: ['catalog services.yaml'] },
          killSwitch: { value: true, from: ['catalog services.yaml'] },
        },
      },
    ]);
  });

  test('the human output names the facts and their files', async () => {
    const r = await run(repo, WITH_FACTS);
    expect(r.out).toContain('T1');
    expect(r.out).toContain('/coverage 1/1 changed lines covered (100%)  from lcov.info (lcov)');
    expect(r.out).toContain('/service {"name":"orders","slo":true,"canary":true,"killSwitch":true}');
  });

  test('an uncovered line is counted as changed and not covered', async () => {
    const lcov = readFileSync(join(repo.dir, 'lcov.info'), 'utf8').replace(/^DA:2,\d+/m, 'DA:2,0');
    writeFileSync(join(repo.dir, 'uncovered.info'), lcov);
    const r = await run(repo, ['--git', 'main...feature', '--coverage', 'uncovered.info', '--json']);
    const result = JSON.parse(r.out);
    expect(result.facts[0].value).toEqual({ changedLines: 1, coveredLines: 0 });
    expect(result.tier).toBe('T2');
  });

  test('a report that does not know the changed file leaves coverage at 0 lines (unknown) and names it', async () => {
    writeFileSync(join(repo.dir, 'other.info'), 'SF:services/search/src/rank.mjs\nDA:1,1\nend_of_record\n');
    const r = await run(repo, ['--git', 'main...feature', '--coverage', 'other.info', '--json']);
    const result = JSON.parse(r.out);
    expect(result.facts[0]).toMatchObject({
      value: { changedLines: 0, coveredLines: 0 },
      notInReport: ['services/orders/src/total.mjs'],
    });
    expect(result.tier).toBe('T2');
    const covered = result.matches.find((m: { rule: string }) => m.rule === 't1-covered-refactor');
    expect(covered.state).toBe('unknown');
  });

  test('a bad report exits 2 with the file and line', async () => {
    writeFileSync(join(repo.dir, 'bad.info'), 'SF:a.ts\nDA:one,1\nend_of_record\n');
    const r = await run(repo, ['--git', 'main...feature', '--coverage', 'bad.info']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^trustladder classify: bad\.info:2:1 \(document\): bad DA line/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
  });

  test('a bad catalog exits 2 with the file, line and pointer', async () => {
    writeFileSync(join(repo.dir, 'bad.yaml'), CATALOG.replace('slo: true', 'slo: yes please'));
    const r = await run(repo, ['--git', 'main...feature', '--services', 'bad.yaml']);
    expect(r.code).toBe(2);
    // The bad scalar's own line and column, not its mapping's.
    const lines = CATALOG.replace('slo: true', 'slo: yes please').split('\n');
    const line = lines.findIndex((l) => l.includes('slo: yes please')) + 1;
    const column = (lines[line - 1] as string).indexOf('yes please') + 1;
    expect(r.err).toMatch(
      new RegExp(`^trustladder classify: bad\\.yaml:${line}:${column} /services/0/slo: `),
    );
  });

  test('--json prints a JSON error object when git fails (a bad range)', async () => {
    const r = await run(repo, ['--git', 'main...no-such-branch', '--json']);
    expect(r.code).toBe(2);
    const { error } = JSON.parse(r.out);
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(error.message).toMatch(/git .* failed/);
    expect(r.err).toMatch(/^trustladder classify: /);
  });

  test('--discover finds guards in Flagger, OpenSLO and flagd manifests and says where', async () => {
    const discover = tempGitRepo();
    discover.write({
      'catalog.yaml': `apiVersion: trustladder.dev/v1
kind: ServiceCatalog
metadata: { name: acme }
services:
  - name: orders
    paths: ["services/orders/**"]
    killSwitch: { flag: orders-kill-switch }
`,
      'deploy/canary.yaml': `apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: orders }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: orders }
---
apiVersion: v1
kind: Service
metadata: { name: orders }
`,
      'slo/orders.yaml': `apiVersion: openslo/v1
kind: SLO
metadata: { name: orders-availability }
spec: { service: orders, budgetingMethod: Occurrences }
`,
      'flags/flags.flagd.json': JSON.stringify({ flags: { 'orders-kill-switch': { state: 'ENABLED' } } }),
      'services/orders/src/a.mjs': 'export const a = 1;\n',
    });
    discover.commit('base');
    discover.write({ 'services/orders/src/a.mjs': 'export const a = 2;\n' });
    discover.commit('change');
    const without = await lastCommit(discover, '--services', 'catalog.yaml');
    expect(without.facts[0].value).toEqual({ name: 'orders' });
    const found = await lastCommit(discover, '--services', 'catalog.yaml', '--discover');
    expect(found.facts[0].value).toEqual({ name: 'orders', slo: true, canary: true, killSwitch: true });
    expect(found.facts[0].guards).toEqual({
      slo: { value: true, from: ['slo/orders.yaml'] },
      canary: { value: true, from: ['deploy/canary.yaml'] },
      killSwitch: { value: true, from: ['flags/flags.flagd.json'] },
    });
    const guarded = found.matches.find((m: { rule: string }) => m.rule === 't1-guarded-service');
    expect(guarded.state).toBe('true');
  });

  test('--facts sets a fact by pointer; an unknown pointer exits 2', async () => {
    writeFileSync(join(repo.dir, 'dryrun.json'), JSON.stringify({ '/data/rowsAffected': 2500000 }));
    const r = await run(repo, ['--git', 'main...feature', '--facts', 'dryrun.json', '--json']);
    expect(JSON.parse(r.out).facts).toEqual([
      { fact: '/data/rowsAffected', from: ['dryrun.json'], value: 2500000 },
    ]);
    writeFileSync(join(repo.dir, 'typo.json'), JSON.stringify({ '/data/rowsAfected': 1 }));
    const bad = await run(repo, ['--git', 'main...feature', '--facts', 'typo.json']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('typo.json');
    expect(bad.err).toContain('[unknown_pointer]');
  });

  test('a fact from two sources exits 2', async () => {
    writeFileSync(
      join(repo.dir, 'cov.json'),
      JSON.stringify({ '/coverage': { changedLines: 1, coveredLines: 1 } }),
    );
    const r = await run(repo, ['--git', 'main...feature', '--coverage', 'lcov.info', '--facts', 'cov.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[conflict]');
  });
});

describe('classify --input with facts', () => {
  test('a change file gets coverage and service from files beside it, outside any git repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-input-facts-'));
    writeFileSync(join(dir, 'services.yaml'), CATALOG);
    writeFileSync(
      join(dir, 'change.json'),
      JSON.stringify({
        files: [
          { path: 'services/orders/src/total.mjs', status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b\n' },
        ],
      }),
    );
    writeFileSync(join(dir, 'lcov.info'), 'SF:services/orders/src/total.mjs\nDA:1,3\nend_of_record\n');
    const io = fakeIo({ cwd: dir });
    const code = await main(
      [
        'classify',
        '--input',
        'change.json',
        '--coverage',
        'lcov.info',
        '--services',
        'services.yaml',
        '--json',
      ],
      io,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(io.out());
    expect(result.tier).toBe('T1');
    expect(result.facts.map((f: { fact: string; value: unknown }) => [f.fact, f.value])).toEqual([
      ['/coverage', { changedLines: 1, coveredLines: 1 }],
      ['/service', { name: 'orders', slo: true, canary: true, killSwitch: true }],
    ]);
  });
});

describe('facts files the change itself edits', () => {
  test('a catalog inside the service, edited to claim guards, supplies nothing; so does a manifest --discover would read', async () => {
    const repo = tempGitRepo();
    const catalog = (guards: string) =>
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: search\n  annotations:\n${guards}`;
    repo.write({
      'services/search/catalog-info.yaml': catalog('    trustladder.dev/slo: "false"\n'),
      'services/search/src/rank.mjs': 'export const rank = (r) => r;\n',
    });
    repo.commit('base');
    repo.write({
      'services/search/catalog-info.yaml': catalog(
        '    trustladder.dev/slo: "true"\n    trustladder.dev/canary: "true"\n    trustladder.dev/kill-switch: "true"\n',
      ),
      'services/search/src/rank.mjs': 'export const rank = (r) => [...r];\n',
      'services/search/deploy/canary.yaml':
        'apiVersion: flagger.app/v1beta1\nkind: Canary\nspec:\n  targetRef: { name: search }\n',
    });
    repo.commit('claim the guards');
    const result = await lastCommit(repo, '--services', 'services/search/catalog-info.yaml', '--discover');
    expect(result.facts).toEqual([
      expect.objectContaining({
        fact: '/service',
        value: null,
        untrusted: ['services/search/catalog-info.yaml'],
        touched: ['search'],
      }),
    ]);
    expect(result.tier).toBe('T2');
    // The catalog as it was before the change, given from outside the repository: the canary
    // manifest the change adds is not read either.
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'tl-catalog-')), 'catalog-info.yaml');
    writeFileSync(elsewhere, catalog('    trustladder.dev/slo: "true"\n'));
    const facts = (await lastCommit(repo, '--services', elsewhere, '--discover')).facts[0];
    expect(facts.value).toEqual({ name: 'search', slo: true });
    expect(facts.guards.canary).toEqual({ value: false, from: [] });
  });

  test('a committed coverage report or facts file the change adds supplies nothing', async () => {
    const repo = tempGitRepo();
    repo.write({ 'src/a.mjs': 'export const a = 1;\n' });
    repo.commit('base');
    repo.write({
      'src/a.mjs': 'export const a = 2;\n',
      'fake.info': 'SF:src/a.mjs\nDA:1,1\nend_of_record\n',
      'facts.json': JSON.stringify({ '/labels': ['shared-library'] }),
    });
    repo.commit('change with its own evidence');
    const result = await lastCommit(repo, '--coverage', 'fake.info', '--facts', 'facts.json');
    expect(result.facts).toEqual([
      expect.objectContaining({ fact: '/coverage', value: null, untrusted: ['fake.info'] }),
      { fact: '/labels', from: ['facts.json'], value: null, untrusted: ['facts.json'] },
    ]);
    expect(result.tier).toBe('T2');
    const human = await run(repo, ['--git', 'HEAD~1...HEAD', '--coverage', 'fake.info']);
    expect(human.out).toContain('/coverage unknown');
    expect(human.out).toContain('edited by the change itself, so not used: fake.info');
  });
});

describe('classify --git with --dependency-facts', () => {
  test('go.mod changes are named, and the allowlist and scores apply to them', async () => {
    const repo = tempGitRepo();
    repo.write({ 'go.mod': 'module example.com/x\n\ngo 1.22\n\nrequire github.com/pkg/errors v0.9.1\n' });
    repo.commit('base');
    repo.write({
      'go.mod':
        'module example.com/x\n\ngo 1.22\n\nrequire (\n\tgithub.com/pkg/errors v0.9.1\n\tgithub.com/google/uuid v1.6.0\n)\n',
    });
    repo.commit('add uuid');
    writeFileSync(
      join(repo.dir, 'deps.yaml'),
      'apiVersion: trustladder.dev/v1\nkind: DependencyFacts\nmetadata: { name: ci }\nallowlist:\n  - { ecosystem: go, name: "github.com/google/**" }\nscores:\n  - { ecosystem: go, name: github.com/google/uuid, scorecard: 8.5 }\n',
    );
    const bare = await lastCommit(repo);
    expect(bare.facts).toEqual([{ fact: '/dependencies/0', from: ['go.mod'] }]);
    const result = await lastCommit(repo, '--dependency-facts', 'deps.yaml');
    expect(result.facts).toEqual([{ fact: '/dependencies/0', from: ['go.mod', 'deps.yaml'] }]);
    expect(result.tier).toBe('T1');
    const allowlisted = result.matches.find((m: { rule: string }) => m.rule === 't1-allowlisted-dependency');
    expect(allowlisted.state).toBe('true');
  });
});
