import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseYaml } from '@trustladder/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// The composite action (action.yml) run the way the runner runs it: each step in order, with
// the GITHUB_* variables and files Actions provides (the event payload, GITHUB_OUTPUT per
// step, GITHUB_STEP_SUMMARY), on a real git repository with a pull request's two commits.
// The expressions are evaluated by a deliberately small evaluator: the action may use only
// inputs, github.action_path, the pull request's shas, step outputs and `inputs.X == ''`;
// anything else fails the test instead of being guessed.

const ROOT = join(import.meta.dirname, '../../..');
const CLI = `node ${join(ROOT, 'packages/cli/dist/bin.js')}`;

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const parsed = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
if (!parsed.ok) throw new Error('action.yml does not parse');
const action = parsed.value.value as Action;

let dir: string;
let repo: string;
const commits: Record<string, string> = {};

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' },
  }).trim();
}
function commit(files: Record<string, string>, message: string): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', message);
  return git('rev-parse', 'HEAD');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trustladder-action-'));
  repo = join(dir, 'repo');
  mkdirSync(repo);
  git('init', '-q', '-b', 'main');
  commits.base = commit(
    { 'README.md': '# shop\n', 'src/auth/session.ts': 'export const ttl = 60;\n' },
    'base',
  );
  commits.docs = commit({ 'docs/guide.md': '# Guide\n\nHow to run the shop.\n' }, 'docs only');
  git('checkout', '-q', '-b', 'feature', commits.base);
  commits.auth = commit(
    { 'src/auth/session.ts': 'export const ttl = 3600;\nexport const refresh = true;\n' },
    'session ttl',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Runs the action's steps; returns the job's view: outputs, summary, exit code and the log.
function runAction(head: string, inputs: Record<string, string>) {
  const run = mkdtempSync(join(dir, 'run-'));
  const eventPath = join(run, 'event.json');
  writeFileSync(
    eventPath,
    JSON.stringify({
      action: 'synchronize',
      pull_request: { number: 7, base: { sha: commits.base }, head: { sha: head } },
    }),
  );
  const summary = join(run, 'summary.md');
  writeFileSync(summary, '');
  const event = JSON.parse(readFileSync(eventPath, 'utf8'));
  const stepOutputs: Record<string, Record<string, string>> = {};
  const withDefaults: Record<string, string> = {};
  const expr = (text: string): string =>
    text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, e: string) => {
      let m = /^inputs\.([\w-]+)$/.exec(e);
      if (m) return withDefaults[m[1] as string] ?? '';
      if (e === 'github.action_path') return ROOT;
      m = /^github\.event\.pull_request\.(base|head)\.sha$/.exec(e);
      if (m) return event.pull_request[m[1] as string].sha;
      m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
      if (m) return stepOutputs[m[1] as string]?.[m[2] as string] ?? '';
      m = /^inputs\.([\w-]+) == ''$/.exec(e);
      if (m) return String((withDefaults[m[1] as string] ?? '') === '');
      throw new Error(`action.yml uses an expression this runner does not know: ${e}`);
    });
  for (const [name, spec] of Object.entries(action.inputs))
    withDefaults[name] = inputs[name] ?? expr(spec.default ?? '');
  let code = 0;
  let log = '';
  const ran: string[] = [];
  for (const step of action.runs.steps) {
    if (step.if !== undefined && expr(step.if) !== 'true') continue;
    // A `uses` step cannot run here: the test fails rather than pretend it ran.
    if (step.uses !== undefined) throw new Error(`step "${step.name}" (${step.uses}) would run`);
    expect(step.shell).toBe('bash');
    const output = join(run, `output-${ran.length}`);
    writeFileSync(output, '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_WORKSPACE: repo,
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: head,
      RUNNER_TEMP: run,
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expr(v);
    const r = spawnSync('bash', ['-e', '-c', expr(step.run ?? '')], {
      cwd: step['working-directory'] ? expr(step['working-directory']) : repo,
      env,
      encoding: 'utf8',
    });
    log += r.stdout + r.stderr;
    ran.push(step.name ?? '');
    const outs: Record<string, string> = {};
    for (const line of readFileSync(output, 'utf8').split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) outs[line.slice(0, eq)] = line.slice(eq + 1);
    }
    if (step.id) stepOutputs[step.id] = outs;
    code = r.status ?? 2;
    if (code !== 0) break;
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, expr(v.value)]));
  return { code, outputs, summary: readFileSync(summary, 'utf8'), log, ran };
}

describe('action.yml, run as the runner runs it', () => {
  test('is a composite action with a tier output and bash steps', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.outputs)).toEqual(['tier', 'summary-file']);
    expect(existsSync(join(ROOT, 'packages/cli/dist/bin.js'))).toBe(true);
  });

  test('a session change is T3: summary with rule, file and the co-sign it needs; fails above T2', () => {
    const r = runAction(commits.auth as string, { cli: CLI });
    expect(r.ran).toEqual(['Classify the pull request']);
    expect(r.code).toBe(1);
    expect(r.outputs.tier).toBe('T3');
    expect(r.summary).toContain('## trustladder: T3 (irreversible)');
    expect(r.summary).toMatch(/\| `t3-auth` \| T3 \| match \| `src\/auth\/session\.ts` \|/);
    expect(r.summary).toContain('### What T3 requires next');
    expect(r.summary).toContain('**co-sign**');
    expect(readFileSync(r.outputs['summary-file'] as string, 'utf8')).toBe(r.summary);
    expect(r.log).toContain('::error::the change is T3, above T2');
  });

  test('the same change passes when the check fails only above T3', () => {
    const r = runAction(commits.auth as string, { cli: CLI, 'fail-above': 'T3' });
    expect(r.code).toBe(0);
    expect(r.outputs.tier).toBe('T3');
  });

  test('a docs-only pull request is T0 and passes, and says nothing more is needed', () => {
    const r = runAction(commits.docs as string, { cli: CLI });
    expect(r.code).toBe(0);
    expect(r.outputs.tier).toBe('T0');
    expect(r.summary).toContain('## trustladder: T0');
    expect(r.summary).toContain('Nothing more');
  });

  // The facts inputs reach classify: a facts file naming a new public API raises a docs-only change.
  test('facts given as inputs reach classify (a label from a facts file raises a docs-only change to T2)', () => {
    const facts = join(dir, 'facts.json');
    writeFileSync(facts, JSON.stringify({ '/labels': ['new-public-api'] }));
    const r = runAction(commits.docs as string, {
      cli: CLI,
      facts: `${facts}\n`,
      coverage: '',
      services: '',
    });
    expect(r.code).toBe(0);
    expect(r.outputs.tier).toBe('T2');
    expect(r.summary).toContain('## trustladder: T2');
  });

  test('a bad fail-above, a bad policy or a missing commit fails the check, with no tier set', () => {
    for (const inputs of [
      { cli: CLI, 'fail-above': 'T9' },
      { cli: CLI, policy: join(dir, 'no-such-policy.yaml') },
      { cli: CLI, head: '0'.repeat(40) },
    ]) {
      const r = runAction(commits.auth as string, inputs);
      expect(r.code).not.toBe(0);
      expect(r.outputs.tier).toBe('');
      expect(r.summary).toBe('');
    }
  });

  test('without a cli input the action would set up Node and build first (never silently skipped)', () => {
    expect(() => runAction(commits.auth as string, {})).toThrow(/Set up Node 24.*actions\/setup-node/);
  });
});
