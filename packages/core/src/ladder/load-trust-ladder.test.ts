import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { TrustladderError } from '../errors.js';
import { parseDuration } from './duration.js';
import { compileLadder, loadTrustLadder } from './load-trust-ladder.js';

const DEFAULT = DEFAULT_POLICY_TEXTS['trust-ladder'];

function loadError(text: string): TrustladderError {
  try {
    loadTrustLadder(text, { source: 'ladder.yaml' });
  } catch (e) {
    if (e instanceof TrustladderError) return e;
    throw e;
  }
  throw new Error('expected the ladder to be refused');
}

describe('loadTrustLadder', () => {
  test('the default ladder has exactly the numbers of DESIGN.md', () => {
    expect(DEFAULT.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../schemas/trust-ladder.schema.json',
    );
    const l = loadTrustLadder(DEFAULT);
    expect(l.document).toEqual({
      apiVersion: 'trustladder.dev/v1',
      kind: 'TrustLadder',
      metadata: { name: 'default' },
      initialCeiling: 'T0',
      maxAutoCeiling: 'T2',
      promotion: [
        { from: 'T0', to: 'T1', consecutiveSuccesses: 20, window: '90d' },
        { from: 'T1', to: 'T2', consecutiveSuccesses: 20, window: '90d' },
      ],
      streakBreakers: ['rollback', 'human-rework', 'budget-overrun', 'canary-abort', 'slo-depletion'],
      demotion: { outcomes: ['rollback'], by: 1, cooldown: '30d' },
      reset: { onModelChange: true, driftAbove: 0.3 },
      // seeds/002, "When the tiers break down": a human observer for a new class's first 20 runs.
      novelClass: { observedRuns: 20 },
    });
    expect(l.observedRuns).toBe(20);
    expect(compileLadder({ ...l.document, novelClass: {} }).observedRuns).toBe(20);
    expect(l.steps.get('T0')).toEqual({ from: 'T0', to: 'T1', threshold: 20, windowUs: 90 * 86_400_000_000 });
    expect(l.demotion.cooldownUs).toBe(30 * 86_400_000_000);
    expect(l.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test.each([
    ['maxAutoCeiling: T2', 'maxAutoCeiling: T3', 'enum', '/maxAutoCeiling'],
    ['{ from: T1, to: T2,', '{ from: T1, to: T3,', 'enum', '/promotion/1/to'],
    ['{ from: T1, to: T2,', '{ from: T2, to: T2,', 'promotion_not_contiguous', '/promotion/1/from'],
    ['maxAutoCeiling: T2', 'maxAutoCeiling: T1', 'promotion_above_max', '/promotion/1/to'],
    ['window: 90d }\n  - { from: T1', 'window: 90 }\n  - { from: T1', 'type', '/promotion/0/window'],
    ['window: 90d }\n  - { from: T1', 'window: 1.5d }\n  - { from: T1', 'pattern', '/promotion/0/window'],
    ['window: 90d }\n  - { from: T1', 'window: 90m }\n  - { from: T1', 'pattern', '/promotion/0/window'],
    ['window: 90d }\n  - { from: T1', 'window: 0d }\n  - { from: T1', 'empty_window', '/promotion/0/window'],
    ['cooldown: 30d', 'cooldown: 30 days', 'pattern', '/demotion/cooldown'],
    ['outcomes: [rollback]', 'outcomes: [rollback, success]', 'enum', '/demotion/outcomes/1'],
    ['streakBreakers: [rollback, ', 'streakBreakers: [', 'demotion_not_breaker', '/demotion/outcomes/0'],
    ['initialCeiling: T0', 'initialCeiling: T1', 'promotion_not_contiguous', '/promotion/0/from'],
    ['driftAbove: 0.30', 'driftAbove: 1.5', 'maximum', '/reset/driftAbove'],
  ])('refuses %j -> %j with %s', (from, to, code, path) => {
    const text = DEFAULT.replace(from, to);
    expect(text).not.toBe(DEFAULT);
    const e = loadError(text);
    expect(e.code).toBe('INVALID_DOCUMENT');
    expect(e.source).toBe('ladder.yaml');
    const issue = e.issues.find((i) => i.code === code);
    expect(issue, JSON.stringify(e.issues)).toBeDefined();
    if (path !== undefined) expect(issue?.path).toBe(path);
  });

  test('unknown fields are refused', () => {
    expect(loadError(`${DEFAULT}extra: 1\n`).issues[0]).toMatchObject({
      code: 'unknown_property',
      path: '/extra',
    });
  });
});

describe('parseDuration', () => {
  test.each([
    ['90d', 90 * 86_400_000_000],
    ['12h', 12 * 3_600_000_000],
    ['0d', 0],
  ])('%s', (text, us) => expect(parseDuration(text)).toBe(us));

  test.each(['90', 'd', '1.5d', '90m', '90D', ' 90d', '90d ', '-1d', '090d', '100000d', '1w'])(
    'refuses %j',
    (text) => expect(parseDuration(text)).toBeUndefined(),
  );
});
