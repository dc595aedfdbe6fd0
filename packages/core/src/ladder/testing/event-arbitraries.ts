import fc from 'fast-check';
import type { Tier } from '../../tier.js';
import type { IdentifiedEvent, InputEvent } from '../event.types.js';
import { compileLadder } from '../load-trust-ladder.js';
import type { FailureOutcome, RunOutcome, TrustLadder, TrustLadderDocument } from '../trust-ladder.types.js';

// Arbitrary ledgers for the fold's property tests: a few agents and task classes (so subjects
// collide), every event type, times that only move forward, and ladders with small thresholds
// (so promotions, demotions and cooldowns actually happen).

const AGENTS = ['dev-e', 'review-e', 'ops-e'] as const;
const CLASSES = ['docs-update', 'ui-change'] as const;
const TIERS: readonly Tier[] = ['T0', 'T1', 'T2', 'T3'];
const OUTCOMES: readonly RunOutcome[] = [
  'success',
  'success',
  'success',
  'success',
  'success',
  'rollback',
  'human-rework',
  'budget-overrun',
  'canary-abort',
  'slo-depletion',
];
const FAILURES: readonly FailureOutcome[] = [
  'rollback',
  'human-rework',
  'budget-overrun',
  'canary-abort',
  'slo-depletion',
];

export function arbitraryLadder(): fc.Arbitrary<TrustLadder> {
  return fc
    .record({
      max: fc.constantFrom<Tier>('T0', 'T1', 'T2'),
      threshold1: fc.integer({ min: 1, max: 4 }),
      threshold2: fc.integer({ min: 1, max: 4 }),
      windowHours: fc.integer({ min: 1, max: 200 }),
      cooldownHours: fc.integer({ min: 0, max: 100 }),
      by: fc.integer({ min: 1, max: 3 }),
      breakers: fc.subarray([...FAILURES], { minLength: 1 }),
      drift: fc.double({ min: 0, max: 1, noNaN: true }),
      onModelChange: fc.boolean(),
    })
    .map((p) => {
      const steps: TrustLadderDocument['promotion'][number][] = [];
      if (p.max !== 'T0')
        steps.push({ from: 'T0', to: 'T1', consecutiveSuccesses: p.threshold1, window: `${p.windowHours}h` });
      if (p.max === 'T2')
        steps.push({ from: 'T1', to: 'T2', consecutiveSuccesses: p.threshold2, window: `${p.windowHours}h` });
      const doc: TrustLadderDocument = {
        apiVersion: 'trustladder.dev/v1',
        kind: 'TrustLadder',
        metadata: { name: 'prop' },
        initialCeiling: 'T0',
        maxAutoCeiling: p.max,
        promotion: steps,
        streakBreakers: p.breakers,
        demotion: {
          outcomes: p.breakers.includes('rollback') ? ['rollback'] : [],
          by: p.by,
          cooldown: `${p.cooldownHours}h`,
        },
        reset: { onModelChange: p.onModelChange, driftAbove: p.drift },
      };
      return compileLadder(doc);
    });
}

type Draft = Omit<InputEvent, 'at'>;

function arbitraryDraft(max: Tier): fc.Arbitrary<Draft> {
  const agent = fc.constantFrom(...AGENTS);
  const taskClass = fc.constantFrom(...CLASSES);
  const allowedSet = TIERS.filter((t) => t <= max);
  return fc.oneof(
    {
      weight: 20,
      arbitrary: fc.record({
        type: fc.constant('RunCompleted' as const),
        agent,
        taskClass,
        tier: fc.constantFrom(...TIERS),
        outcome: fc.constantFrom(...OUTCOMES),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('ModelChanged' as const),
        agent,
        from: fc.constant('m1'),
        to: fc.constant('m2'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('DriftDetected' as const),
        agent,
        score: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('CeilingSet' as const),
        agent,
        taskClass,
        tier: fc.constantFrom(...allowedSet),
        by: fc.constant('alice'),
        reason: fc.constant('review'),
      }),
    },
  ) as fc.Arbitrary<Draft>;
}

/** A ladder and a valid event sequence under it (non-decreasing times, ids e1, e2, ...). */
export function arbitraryLedger(
  maxEvents = 150,
): fc.Arbitrary<{ ladder: TrustLadder; events: IdentifiedEvent<InputEvent>[] }> {
  return arbitraryLadder().chain((ladder) =>
    fc
      .array(fc.tuple(arbitraryDraft(ladder.maxAutoCeiling), fc.integer({ min: 0, max: 12 * 3600 })), {
        maxLength: maxEvents,
        size: 'max',
      })
      .map((drafts) => {
        let t = Date.UTC(2026, 0, 1);
        const events = drafts.map(([draft, gap], i) => {
          t += gap * 1000;
          const at = new Date(t).toISOString().replace('.000Z', 'Z');
          return { ...draft, at, id: `e${i + 1}` } as IdentifiedEvent<InputEvent>;
        });
        return { ladder, events };
      }),
  );
}
