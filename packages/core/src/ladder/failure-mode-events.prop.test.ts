import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Tier } from '../tier.js';
import type { IdentifiedEvent, InputEvent } from './event.types.js';
import { LedgerProjection } from './projection.js';
import { arbitraryLedger } from './testing/event-arbitraries.js';
import { validateEvent } from './validate-event.js';

const numRuns = Number(process.env.TRUSTLADDER_PROP_RUNS ?? 500);
const seed = Number(process.env.TRUSTLADDER_PROP_SEED ?? 20261130);

const AGENTS = ['dev-e', 'review-e', 'ops-e'] as const;
const CLASSES = ['docs-update', 'ui-change'] as const;
const tier = fc.constantFrom<Tier>('T0', 'T1', 'T2', 'T3');

// The failure-mode signals, under the same agents and task classes as the ceilings, with the
// tiers an attacker would pick (T3 discovered, T3 work in progress).
const signal: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc
    .record({ t: tier, r: tier, trigger: fc.constantFrom('discovered', 'stall', 'repeated-failure') })
    .filter(({ t, r }) => t < r)
    .chain(({ t, r, trigger }) =>
      fc.record({
        type: fc.constant('EscalationRequired'),
        agent: fc.constantFrom(...AGENTS),
        taskId: fc.constant('task-1'),
        taskClass: fc.constantFrom(...CLASSES),
        tier: fc.constant(t),
        requiredTier: fc.constant(r),
        context: fc.constant('src/auth/session.ts matched t3-auth'),
        trigger: fc.constant(trigger),
        rules: fc.constant(['t3-auth']),
      }),
    ),
  fc
    .record({ a: tier, b: tier })
    .filter(({ a, b }) => a !== b)
    .chain(({ a, b }) =>
      fc.record({
        type: fc.constant('ClassificationDisagreed'),
        agent: fc.constantFrom(...AGENTS),
        taskId: fc.constant('task-2'),
        taskClass: fc.constantFrom(...CLASSES),
        recordedTier: fc.constant(a),
        currentTier: fc.constant(b),
        policy: fc.constant({ name: 'default', digest: `sha256:${'0'.repeat(64)}` }),
      }),
    ),
  fc.record({
    type: fc.constant('RunProgressed'),
    agent: fc.constantFrom(...AGENTS),
    taskId: fc.constant('task-3'),
    taskClass: fc.constantFrom(...CLASSES),
    tier,
    workTier: tier,
    status: fc.constantFrom('ok', 'failing'),
  }),
  fc.record({
    type: fc.constant('ApprovalFlagged'),
    agent: fc.constantFrom(...AGENTS),
    subject: fc.constant('task-4'),
    kind: fc.constantFrom('cosign', 'interface'),
    by: fc.constant('alice'),
    flags: fc.subarray(['rushed', 'off-hours', 'concentrated', 'grew-after-signing', 'unverified-approval'], {
      minLength: 1,
    }),
    detail: fc.constant('d'),
  }),
);

describe('failure-mode events in the ledger', () => {
  test('are valid events, and never change a ceiling, a streak or a derived event', () => {
    fc.assert(
      fc.property(
        arbitraryLedger(60),
        fc.array(fc.tuple(fc.nat(), signal), { maxLength: 20 }),
        ({ ladder, events }, signals) => {
          const plain = new LedgerProjection(ladder);
          const plainDerived = events.flatMap((e) => plain.apply(e));
          const mixed: IdentifiedEvent<InputEvent>[] = [...events];
          signals.forEach(([pos, s], i) => {
            const at = Math.min(pos % (mixed.length + 1), mixed.length);
            const neighbour = mixed[at] ?? mixed[at - 1];
            const event = { ...s, at: neighbour?.at ?? '2026-01-01T00:00:00Z' };
            expect(validateEvent(event).ok).toBe(true);
            mixed.splice(at, 0, { ...event, id: `f${i}` } as IdentifiedEvent<InputEvent>);
          });
          const withSignals = new LedgerProjection(ladder);
          const mixedDerived = mixed.flatMap((e) => withSignals.apply(e));
          expect(mixedDerived).toEqual(plainDerived);
          expect(withSignals.states()).toEqual(plain.states());
          expect(withSignals.violations).toEqual(plain.violations);
        },
      ),
      { numRuns, seed },
    );
  });
});
