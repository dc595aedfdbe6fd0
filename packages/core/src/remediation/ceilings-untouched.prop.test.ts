import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { IdentifiedEvent, InputEvent, LadderSideEvent } from '../ladder/event.types.js';
import { LedgerProjection } from '../ladder/projection.js';
import { arbitraryLedger } from '../ladder/testing/event-arbitraries.js';

const numRuns = Number(process.env.TRUSTLADDER_PROP_RUNS ?? 1000);
const seed = Number(process.env.TRUSTLADDER_PROP_SEED ?? 20261122);

// Side events an agent (or anyone) might record under the same agent names as the ceilings.
const side: fc.Arbitrary<Omit<LadderSideEvent, 'at'>> = fc.oneof(
  fc.record({
    type: fc.constant('TrustLevelSet' as const),
    agent: fc.constantFrom('dev-a', 'dev-b'),
    application: fc.constant('checkout'),
    environment: fc.constant('production'),
    level: fc.constant(5 as const),
    by: fc.constant('alice'),
    reason: fc.constant('r'),
  }),
  fc.record({
    type: fc.constant('RemediationLevelMoved' as const),
    agent: fc.constantFrom('dev-a', 'dev-b'),
    scope: fc.constant('restart-pod-v1'),
    from: fc.constant('observe' as const),
    to: fc.constant('automate' as const),
    by: fc.constant('alice'),
    reason: fc.constant('r'),
  }),
  fc.record({
    type: fc.constant('RemediationAssessed' as const),
    agent: fc.constantFrom('dev-a', 'dev-b'),
    requestId: fc.constant('x'),
    score: fc.constant(1),
  }),
);

describe('remediation and trust-level events in the ledger', () => {
  test('never change an agent ceiling nor derive an event', () => {
    fc.assert(
      fc.property(
        arbitraryLedger(60),
        fc.array(fc.tuple(fc.nat(), side), { maxLength: 20 }),
        ({ ladder, events }, sides) => {
          const plain = new LedgerProjection(ladder);
          const plainDerived = events.flatMap((e) => plain.apply(e));
          const mixed: IdentifiedEvent<InputEvent>[] = [...events];
          sides.forEach(([pos, s], i) => {
            const at = Math.min(pos % (mixed.length + 1), mixed.length);
            const neighbour = mixed[at] ?? mixed[at - 1];
            mixed.splice(at, 0, {
              ...s,
              at: neighbour?.at ?? '2026-01-01T00:00:00Z',
              id: `s${i}`,
            } as IdentifiedEvent<InputEvent>);
          });
          const withSides = new LedgerProjection(ladder);
          const mixedDerived = mixed.flatMap((e) => withSides.apply(e));
          expect(mixedDerived).toEqual(plainDerived);
          expect(withSides.states()).toEqual(plain.states());
        },
      ),
      { numRuns, seed },
    );
  });
});
