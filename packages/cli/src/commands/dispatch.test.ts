import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';

const ROOT = join(import.meta.dirname, '../../../..');
const EXAMPLE = join(ROOT, 'examples/ledger');
let dir: string;
let log: string;

async function run(args: string[]) {
  const io = fakeIo({ cwd: ROOT });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const check = (task: string, agent: string, ...more: string[]) =>
  run([
    'dispatch',
    'check',
    '--task',
    join(EXAMPLE, 'tasks', task),
    '--agent',
    agent,
    '--ladder',
    'policies/trust-ladder.yaml',
    '--log',
    log,
    ...more,
  ]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trustladder-cli-dispatch-'));
  log = join(dir, 'ledger.db');
  const r = await run([
    'ledger',
    'record',
    '--ladder',
    'policies/trust-ladder.yaml',
    '--log',
    log,
    join(EXAMPLE, 'events.jsonl'),
  ]);
  expect(r.code).toBe(1); // the example log holds one violation (ops-e)
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trustladder dispatch check', () => {
  test('allows a task at the agent ceiling (exit 0)', async () => {
    const r = await check('docs-fix.yaml', 'dev-e', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      allowed: true,
      task: 'task-2026-0301',
      tier: 'T0',
      ceiling: 'T0',
      role: 'drive',
      reasons: [],
    });
  });

  test('refuses a task above the ceiling with its reasons (exit 1)', async () => {
    const r = await check('ui-button.yaml', 'dev-e', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({
      allowed: false,
      tier: 'T1',
      ceiling: 'T0',
      reasons: [{ code: 'above_ceiling' }],
    });
    const human = await check('ui-button.yaml', 'dev-e');
    expect(human.out).toBe(
      "refused: task-2026-0302 (T1, ui-change) to dev-e (ceiling T0)\n  - T1 is above dev-e's ceiling T0 on ui-change [above_ceiling]\n",
    );
  });

  test('a T3 task is only ever assisted, only by an agent at the top ceiling, with a verified co-sign', async () => {
    const r = await check('refund-flow.yaml', 'ops-e', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({
      role: 'assist',
      driver: null,
      reasons: [{ code: 'approval_unverified' }, { code: 'assist_needs_top_ceiling' }],
    });
  });

  test('a missing or invalid TaskSpec is an input error (exit 2)', async () => {
    expect((await check('nope.yaml', 'dev-e')).code).toBe(2);
    const bad = await run([
      'dispatch',
      'check',
      '--task',
      join(EXAMPLE, 'events.jsonl'),
      '--agent',
      'a',
      '--ladder',
      'policies/trust-ladder.yaml',
      '--log',
      log,
    ]);
    expect(bad.code).toBe(2);
    expect((await run(['dispatch', 'frob'])).code).toBe(2);
  });
});
