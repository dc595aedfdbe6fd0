import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateAgainst } from '@trustladder/core';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trustladder-cli-trust-level-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const io = fakeIo({ cwd: dir });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const log = ['--log', 'ledger.db'];
const check = (action: string, env = 'production', app = 'checkout') =>
  run(['trust-level', 'check', '--app', app, '--env', env, '--action', action, ...log, '--agent', 'dorgu']);

describe('trust-level', () => {
  test('an application never set is at 0: read is permitted (exit 0), recommend is not (exit 1)', async () => {
    expect((await check('read')).code).toBe(0);
    expect((await check('recommend')).code).toBe(1);
  });

  test('set records the level with who and why; check then answers from the ledger', async () => {
    const s = await run([
      'trust-level',
      'set',
      '--app',
      'checkout',
      '--env',
      'production',
      '--level',
      '2',
      '--by',
      'alice',
      '--reason',
      'proposals reviewed',
      ...log,
      '--agent',
      'dorgu',
      '--at',
      '2026-05-01T00:00:00Z',
    ]);
    expect(s.code).toBe(0);
    expect((await check('propose')).code).toBe(0);
    const no = await run([
      'trust-level',
      'check',
      '--app',
      'checkout',
      '--env',
      'production',
      '--action',
      'deploy-prod',
      ...log,
      '--agent',
      'dorgu',
      '--json',
    ]);
    expect(no.code).toBe(1);
    expect(JSON.parse(no.out)).toMatchObject({
      permitted: false,
      level: 2,
      requiredLevel: 4,
      setBy: { by: 'alice' },
    });
    expect(validateAgainst('trust-level-check', JSON.parse(no.out))).toEqual([]);
    expect((await check('propose', 'staging')).code).toBe(1);
    expect(
      (
        await run([
          'trust-level',
          'check',
          '--app',
          'checkout',
          '--env',
          'production',
          '--action',
          'propose',
          ...log,
        ])
      ).code,
    ).toBe(1);
  });

  test('a level outside 0..5, an unknown action or a missing reason is a usage error', async () => {
    expect(
      (
        await run([
          'trust-level',
          'set',
          '--app',
          'a',
          '--env',
          'e',
          '--level',
          '6',
          '--by',
          'x',
          '--reason',
          'r',
          ...log,
        ])
      ).code,
    ).toBe(2);
    expect(
      (await run(['trust-level', 'set', '--app', 'a', '--env', 'e', '--level', '1', '--by', 'x', ...log]))
        .code,
    ).toBe(2);
    expect((await check('yolo')).code).toBe(2);
  });
});
