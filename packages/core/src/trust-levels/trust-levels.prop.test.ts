import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { LedgerEvent } from '../ladder/event.types.js';
import { ACTION_KINDS, ACTION_MINIMUM_LEVEL } from './trust-level.types.js';
import { TrustLevelState } from './trust-level-state.js';

const numRuns = Number(process.env.TRUSTLADDER_PROP_RUNS ?? 1000);
const seed = Number(process.env.TRUSTLADDER_PROP_SEED ?? 20261122);

const app = fc.constantFrom('checkout', 'cart', 'search');
const env = fc.constantFrom('dev', 'staging', 'production', 'Production');
const agent = fc.constantFrom('dorgu', 'other');
const at = '2026-05-01T00:00:00Z';

// Any event the ledger may hold: trust-level sets, and everything else that must not move a level.
const event: fc.Arbitrary<LedgerEvent> = fc.oneof(
  fc.record({
    type: fc.constant('TrustLevelSet' as const),
    agent,
    at: fc.constant(at),
    application: app,
    environment: env,
    level: fc.constantFrom(0, 1, 2, 3, 4, 5) as fc.Arbitrary<0 | 1 | 2 | 3 | 4 | 5>,
    by: fc.constant('alice'),
    reason: fc.constant('r'),
  }),
  fc.record({
    type: fc.constant('RunCompleted' as const),
    agent,
    at: fc.constant(at),
    taskClass: app,
    tier: fc.constantFrom('T0', 'T1', 'T2', 'T3') as fc.Arbitrary<'T0'>,
    outcome: fc.constant('success' as const),
  }),
  fc.record({
    type: fc.constant('RemediationAssessed' as const),
    agent,
    at: fc.constant(at),
    requestId: app,
    score: fc.constant(1),
  }),
  fc.record({
    type: fc.constant('CeilingSet' as const),
    agent,
    at: fc.constant(at),
    taskClass: app,
    tier: fc.constant('T2' as const),
    by: fc.constant('a'),
    reason: fc.constant('r'),
  }),
);

describe('trust level properties', () => {
  test('a level never rises without its explicit TrustLevelSet event', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.tuple(agent, app, env), (events, [a, p, e]) => {
        const s = new TrustLevelState();
        let before = s.levelOf(a, p, e);
        expect(before).toBe(0);
        for (const ev of events) {
          s.apply(ev);
          const after = s.levelOf(a, p, e);
          if (after !== before) {
            expect(ev.type).toBe('TrustLevelSet');
            if (ev.type === 'TrustLevelSet') {
              expect([ev.agent, ev.application, ev.environment.toLowerCase(), ev.level]).toEqual([
                a,
                p,
                e.toLowerCase(),
                after,
              ]);
            }
          }
          before = after;
        }
      }),
      { numRuns, seed },
    );
  });

  test('isPermitted is exactly level >= the action kind minimum', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 30 }),
        agent,
        app,
        env,
        fc.constantFrom(...ACTION_KINDS),
        (events, a, p, e, action) => {
          const s = new TrustLevelState();
          for (const ev of events) s.apply(ev);
          expect(s.isPermitted(a, action, p, e).permitted).toBe(
            s.levelOf(a, p, e) >= ACTION_MINIMUM_LEVEL[action],
          );
        },
      ),
      { numRuns, seed },
    );
  });
});
