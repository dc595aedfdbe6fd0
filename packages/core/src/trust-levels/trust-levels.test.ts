import { describe, expect, test } from 'vitest';
import type { TrustLevelSet } from '../ladder/event.types.js';
import { validateEvent } from '../ladder/validate-event.js';
import { trustLevelView } from './ladder-view.js';
import { ACTION_KINDS, ACTION_MINIMUM_LEVEL } from './trust-level.types.js';
import { foldTrustLevels } from './trust-level-state.js';

const set = (level: TrustLevelSet['level'], over: Partial<TrustLevelSet> = {}): TrustLevelSet => ({
  type: 'TrustLevelSet',
  agent: 'dorgu',
  at: '2026-05-01T00:00:00Z',
  application: 'checkout',
  environment: 'production',
  level,
  by: 'alice',
  reason: 'reviewed a quarter of proposals',
  ...over,
});

describe('progressive trust levels', () => {
  test('every action kind has the minimum level of seed 000', () => {
    expect(ACTION_MINIMUM_LEVEL).toEqual({
      read: 0,
      recommend: 1,
      propose: 2,
      'deploy-dev': 3,
      'deploy-prod': 4,
      'act-without-human': 5,
    });
  });

  test('an application or environment never set is at 0: it may read and nothing else', () => {
    const s = foldTrustLevels([]);
    expect(ACTION_KINDS.filter((a) => s.isPermitted('dorgu', a, 'checkout', 'production').permitted)).toEqual(
      ['read'],
    );
  });

  test('a level is per application and environment, and the latest recorded event wins', () => {
    const s = foldTrustLevels([
      set(2),
      set(4, { environment: 'dev', at: '2026-05-02T00:00:00Z' }),
      set(1, { at: '2026-05-03T00:00:00Z' }),
    ]);
    expect(s.isPermitted('dorgu', 'propose', 'checkout', 'production')).toMatchObject({
      permitted: false,
      level: 1,
      requiredLevel: 2,
      setBy: { by: 'alice' },
    });
    expect(s.isPermitted('dorgu', 'deploy-prod', 'checkout', 'dev').permitted).toBe(true);
    expect(s.isPermitted('dorgu', 'deploy-prod', 'checkout', 'DEV').permitted).toBe(true);
    expect(s.isPermitted('dorgu', 'recommend', 'payments', 'production').permitted).toBe(false);
    expect(s.isPermitted('other-bot', 'recommend', 'checkout', 'production').permitted).toBe(false);
    expect(s.forAgent('dorgu').isPermitted('deploy-prod', 'checkout', 'dev').permitted).toBe(true);
    expect(s.forAgent('other-bot').isPermitted('deploy-prod', 'checkout', 'dev').permitted).toBe(false);
  });

  test('an action kind outside the table is refused', () => {
    const s = foldTrustLevels([set(5)]);
    expect(s.isPermitted('dorgu', 'delete-cluster' as never, 'checkout', 'production').permitted).toBe(false);
  });

  test('TrustLevelSet is a ledger event; a level above 5 or without a reason is not', () => {
    expect(validateEvent(set(3)).ok).toBe(true);
    expect(validateEvent({ ...set(3), level: 6 }).ok).toBe(false);
    const { reason: _, ...noReason } = set(3);
    expect(validateEvent(noReason).ok).toBe(false);
  });

  test('the observer view reads the workload as the application and the namespace as the environment', () => {
    const s = foldTrustLevels([set(3, { environment: 'shop' })]);
    const view = trustLevelView(s, { agent: 'dorgu' });
    expect(
      view.verdict({ namespace: 'shop', tier: 'T1', workload: { kind: 'Deployment', name: 'checkout' } })
        .trustLevel,
    ).toBe(3);
    expect(
      view.verdict({ namespace: 'shop', tier: 'T1', workload: { kind: 'Deployment', name: 'cart' } })
        .trustLevel,
    ).toBe(0);
    expect(view.verdict({ namespace: 'shop', tier: 'T1' }).trustLevel).toBe(3);
  });
});
