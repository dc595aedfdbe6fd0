import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { shiftTier, tierRank } from '../tier.js';
import type { IdentifiedEvent, InputEvent, RecordedEvent } from './event.types.js';
import { LedgerProjection } from './projection.js';
import { replay } from './replay.js';
import { arbitraryLedger } from './testing/event-arbitraries.js';

const numRuns = Number(process.env.TRUSTLADDER_PROP_RUNS ?? 1000);
const seed = Number(process.env.TRUSTLADDER_PROP_SEED ?? 20261122);
const params = { numRuns, seed };

/** The log an append path writes: each event followed by its derived events, seq from 1. */
function toLog(
  events: readonly IdentifiedEvent<InputEvent>[],
  projection: LedgerProjection,
): RecordedEvent[] {
  const log: RecordedEvent[] = [];
  for (const e of events) {
    log.push({ ...e, seq: log.length + 1 });
    for (const [j, d] of projection.apply(e).entries())
      log.push({ ...d, id: `${e.id}-d${j}`, seq: log.length + 1 });
  }
  return log;
}

describe('the fold', () => {
  test('replay is deterministic, and replaying a log reproduces exactly its derived events', () => {
    fc.assert(
      fc.property(arbitraryLedger(), ({ ladder, events }) => {
        const a = new LedgerProjection(ladder);
        const b = new LedgerProjection(ladder);
        const logA = toLog(events, a);
        const logB = toLog(events, b);
        expect(logB).toEqual(logA);
        expect(b.states()).toEqual(a.states());
        const r = replay(ladder, logA);
        expect(r.mismatches).toEqual([]);
        expect(r.projection.states()).toEqual(a.states());
        expect(r.projection.violations).toEqual(a.violations);
      }),
      params,
    );
  });

  test('no ceiling ever exceeds maxAutoCeiling', () => {
    fc.assert(
      fc.property(arbitraryLedger(), ({ ladder, events }) => {
        const p = new LedgerProjection(ladder);
        const max = tierRank(ladder.maxAutoCeiling);
        for (const e of events) {
          for (const d of p.apply(e)) expect(tierRank(d.to)).toBeLessThanOrEqual(max);
          if ('taskClass' in e) expect(tierRank(p.ceilingOf(e.agent, e.taskClass))).toBeLessThanOrEqual(max);
        }
        for (const s of p.states()) expect(tierRank(s.ceiling)).toBeLessThanOrEqual(max);
      }),
      params,
    );
  });

  test("a rollback always demotes at once, by the ladder's step, and starts the cooldown", () => {
    fc.assert(
      fc.property(arbitraryLedger(), ({ ladder, events }) => {
        const p = new LedgerProjection(ladder);
        for (const e of events) {
          const demotes = e.type === 'RunCompleted' && ladder.demotion.outcomes.has(e.outcome as never);
          const before = e.type === 'RunCompleted' ? p.ceilingOf(e.agent, e.taskClass) : undefined;
          const derived = p.apply(e);
          if (!demotes || e.type !== 'RunCompleted' || before === undefined) continue;
          const expected = shiftTier(before, -ladder.demotion.by);
          expect(p.ceilingOf(e.agent, e.taskClass)).toBe(expected);
          expect(p.subject(e.agent, e.taskClass).streak).toBe(0);
          expect(p.subject(e.agent, e.taskClass).cooldownUntil).not.toBeNull();
          expect(derived).toEqual(
            expected === before
              ? []
              : [
                  {
                    type: 'CeilingDemoted',
                    at: e.at,
                    agent: e.agent,
                    taskClass: e.taskClass,
                    from: before,
                    to: expected,
                    cause: e.id,
                  },
                ],
          );
        }
      }),
      params,
    );
  });

  test("one subject's events never change another's state, except the agent's resets", () => {
    fc.assert(
      fc.property(arbitraryLedger(), ({ ladder, events }) => {
        const full = new LedgerProjection(ladder);
        for (const e of events) full.apply(e);
        for (const s of full.states()) {
          const own = events.filter((e) =>
            'taskClass' in e && e.type !== 'EscalationRequired' && e.type !== 'ClassificationDisagreed'
              ? e.agent === s.agent && e.taskClass === s.taskClass
              : e.agent === s.agent,
          );
          const alone = new LedgerProjection(ladder);
          for (const e of own) alone.apply(e);
          expect(alone.subject(s.agent, s.taskClass)).toEqual(s);
        }
      }),
      params,
    );
  });
});
