import { describe, expect, test } from 'vitest';
import { compileLadder } from './load-trust-ladder.js';
import { ceilingSet, DEFAULT_LADDER, day, Feeder, run, successes } from './testing/ladder-fixtures.js';

// Rules of the fold that hold by the fold itself, not only because the ladder loader refuses a
// ladder that would break them: compileLadder (exported) takes a document as it is.

describe('the fold keeps its own rules whatever ladder it is given', () => {
  test('it never promotes above maxAutoCeiling, even when the ladder names a step above it', () => {
    // A T1 -> T2 step under maxAutoCeiling T1: the loader refuses it (promotion_above_max).
    const f = new Feeder(compileLadder({ ...DEFAULT_LADDER.document, maxAutoCeiling: 'T1' }));
    f.feed(ceilingSet(day(0), 'T1'));
    expect(f.feed(...successes(25, 'T1', day(1)))).toEqual([]);
    expect(f.ceiling()).toBe('T1');
  });

  test('a demotion starts the streak again, even for an outcome the ladder does not list as a breaker', () => {
    // rollback demotes but breaks no streak: the loader refuses this too (demotion_not_breaker).
    const f = new Feeder(compileLadder({ ...DEFAULT_LADDER.document, streakBreakers: ['human-rework'] }));
    f.feed(ceilingSet(day(0), 'T1'));
    f.feed(...successes(5, 'T1', day(1)));
    f.feed(run(day(2), 'T1', 'rollback'));
    expect(f.state()).toMatchObject({ ceiling: 'T0', streak: 0, streakRuns: [] });
    // At T0 a rollback demotes nowhere, and still starts the streak again.
    f.feed(...successes(5, 'T0', day(3)));
    f.feed(run(day(4), 'T0', 'rollback'));
    expect(f.state()).toMatchObject({ ceiling: 'T0', streak: 0, streakRuns: [] });
  });
});

describe('resets', () => {
  test('an agent reset derives one CeilingReset per task class, in code-point order, each with no streak', () => {
    const f = new Feeder();
    // Seen in another order than the one the resets come in.
    ['ui-change', 'api-change', 'Zeta'].forEach((taskClass, i) => {
      f.feed(ceilingSet(day(0, i * 10), 'T1', 'a', 'dev-e', taskClass));
      f.feed(...successes(2, 'T1', day(0, i * 10 + 1), 'dev-e', taskClass));
    });
    const derived = f.projection.applyDetailed({
      type: 'ModelChanged',
      id: 'm',
      at: day(1),
      agent: 'dev-e',
      from: 'a',
      to: 'b',
    });
    expect(derived.map((d) => [d.event.taskClass, d.streak])).toEqual([
      ['Zeta', []],
      ['api-change', []],
      ['ui-change', []],
    ]);
  });
});

describe('the window over a long streak', () => {
  test('the streak is exactly the runs within the window, run after run, over thousands of runs', () => {
    // One hour's window at one run a minute, with promotion out of reach (a cooldown): the
    // streak slides, and the runs that fell out must never count again.
    const f = new Feeder(
      compileLadder({
        ...DEFAULT_LADDER.document,
        promotion: [{ from: 'T0', to: 'T1', consecutiveSuccesses: 10_000, window: '1h' }],
      }),
    );
    for (let i = 0; i < 3000; i++) {
      f.feed(run(day(0, i * 60), 'T0'));
      expect(f.state().streak).toBe(Math.min(i + 1, 60));
    }
    expect(f.state().streakRuns).toEqual(Array.from({ length: 60 }, (_, k) => `e${2941 + k}`));
  });
});

describe('what it says of what it never saw', () => {
  test('a subject never seen reads as one a human has just set to initialCeiling', () => {
    const f = new Feeder();
    f.feed(run(day(0), 'T0'));
    const set = new Feeder();
    set.feed(ceilingSet(day(0), 'T0', 'a', 'dev-e', 'ui-change'));
    expect(f.projection.subject('dev-e', 'ui-change')).toEqual(set.state('dev-e', 'ui-change'));
  });

  test('an agent with no subject is not known (a human, for the gates)', () => {
    const f = new Feeder();
    f.feed(run(day(0), 'T0'));
    expect([f.projection.knowsAgent('dev-e'), f.projection.knowsAgent('alice')]).toEqual([true, false]);
  });
});
