import { describe, expect, test } from 'vitest';
import { TrustladderError } from '../errors.js';
import { compileLadder } from './load-trust-ladder.js';
import { ceilingSet, DEFAULT_LADDER, day, Feeder, run, successes } from './testing/ladder-fixtures.js';

describe('promotion', () => {
  test('promotes after exactly 20 consecutive successes at the ceiling, not after 19', () => {
    const f = new Feeder();
    expect(f.feed(...successes(19, 'T0', day(0)))).toEqual([]);
    expect(f.ceiling()).toBe('T0');
    expect(f.state().streak).toBe(19);
    const derived = f.feed(run(day(1), 'T0'));
    expect(derived).toEqual([
      {
        type: 'CeilingPromoted',
        at: day(1),
        agent: 'dev-e',
        taskClass: 'docs-update',
        from: 'T0',
        to: 'T1',
        cause: f.lastId,
      },
    ]);
    expect(f.ceiling()).toBe('T1');
    expect(f.state().streak).toBe(0);
  });

  test('climbs T0 -> T1 -> T2 with 20 runs at each ceiling; runs at T0 do not count once at T1', () => {
    const f = new Feeder();
    f.feed(...successes(20, 'T0', day(0)));
    expect(f.feed(...successes(30, 'T0', day(1)))).toEqual([]);
    expect(f.state().streak).toBe(0);
    f.feed(...successes(19, 'T1', day(2)));
    expect(f.ceiling()).toBe('T1');
    expect(f.feed(run(day(3), 'T1'))).toHaveLength(1);
    expect(f.ceiling()).toBe('T2');
  });

  test('T2 is the top: successes at T2 never promote to T3', () => {
    const f = new Feeder();
    f.feed(ceilingSet(day(0), 'T2', 'alice'));
    expect(f.feed(...successes(100, 'T2', day(1)))).toEqual([]);
    expect(f.ceiling()).toBe('T2');
    expect(f.state().streak).toBe(100);
  });

  test('a ladder whose maxAutoCeiling is T1 stops there', () => {
    const doc = {
      ...DEFAULT_LADDER.document,
      maxAutoCeiling: 'T1' as const,
      promotion: [DEFAULT_LADDER.document.promotion[0] as (typeof DEFAULT_LADDER.document.promotion)[number]],
    };
    const f = new Feeder(compileLadder(doc));
    f.feed(...successes(20, 'T0', day(0)));
    expect(f.feed(...successes(40, 'T1', day(1)))).toEqual([]);
    expect(f.ceiling()).toBe('T1');
  });

  test('a new task class starts at T0 whatever the agent holds on other classes', () => {
    const f = new Feeder();
    f.feed(ceilingSet(day(0), 'T2', 'alice', 'dev-e', 'ui-change'));
    expect(f.ceiling('dev-e', 'ui-change')).toBe('T2');
    expect(f.ceiling('dev-e', 'service-refactor')).toBe('T0');
    expect(f.projection.subject('dev-e', 'service-refactor')).toMatchObject({
      ceiling: 'T0',
      streak: 0,
      violations: 0,
    });
  });
});

describe('the window', () => {
  test('counts the runs within 90 days of the newest: a run 90 days before it has fallen out', () => {
    const f = new Feeder();
    f.feed(run(day(0), 'T0'));
    f.feed(...successes(18, 'T0', day(10)));
    expect(f.state().streak).toBe(19);
    // Exactly 90 days after the first run: the first is no longer within the window.
    expect(f.feed(run(day(90), 'T0'))).toEqual([]);
    expect(f.state().streak).toBe(19);
    expect(f.ceiling()).toBe('T0');
    expect(f.feed(run(day(90, 1), 'T0'))).toHaveLength(1);
  });

  test('20 runs spread over 89 days promote', () => {
    const f = new Feeder();
    const runs = Array.from({ length: 20 }, (_, i) => run(day((i * 89) / 19), 'T0'));
    expect(f.feed(...runs)).toHaveLength(1);
  });

  test('runs below the ceiling neither count nor break the streak', () => {
    const f = new Feeder();
    f.feed(ceilingSet(day(0), 'T1', 'alice'));
    f.feed(...successes(10, 'T1', day(1)));
    f.feed(...successes(50, 'T0', day(2)));
    f.feed(run(day(3), 'T0', 'canary-abort'));
    expect(f.state().streak).toBe(0);
    f.feed(...successes(10, 'T1', day(4)));
    f.feed(...successes(5, 'T0', day(5)));
    expect(f.state().streak).toBe(10);
  });
});

describe('violations', () => {
  test('a run above the ceiling is recorded and flagged, never counts, and breaks the streak', () => {
    const f = new Feeder();
    f.feed(...successes(19, 'T0', day(0)));
    expect(f.feed(run(day(1), 'T1'))).toEqual([]);
    expect(f.state()).toMatchObject({ ceiling: 'T0', streak: 0, violations: 1 });
    expect(f.projection.violations).toEqual([
      {
        id: f.lastId,
        at: day(1),
        agent: 'dev-e',
        taskClass: 'docs-update',
        tier: 'T1',
        ceiling: 'T0',
        outcome: 'success',
      },
    ]);
  });

  test('a rollback above the ceiling is a violation and still demotes', () => {
    const f = new Feeder();
    f.feed(ceilingSet(day(0), 'T1', 'alice'));
    const d = f.feed(run(day(1), 'T3', 'rollback'));
    expect(d.map((e) => [e.type, e.from, e.to])).toEqual([['CeilingDemoted', 'T1', 'T0']]);
    expect(f.state().violations).toBe(1);
  });
});

describe('streak breakers, demotion and cooldown', () => {
  test.each(['human-rework', 'budget-overrun', 'canary-abort', 'slo-depletion'] as const)(
    '%s at any tier sets the streak to 0 without demoting',
    (outcome) => {
      const f = new Feeder();
      f.feed(ceilingSet(day(0), 'T1'));
      f.feed(...successes(19, 'T1', day(1)));
      expect(f.feed(run(day(2), 'T0', outcome))).toEqual([]);
      expect(f.state()).toMatchObject({ ceiling: 'T1', streak: 0, cooldownUntil: null });
      f.feed(...successes(19, 'T1', day(3)));
      expect(f.ceiling()).toBe('T1');
    },
  );

  test('a rollback demotes one tier at once and starts a 30-day cooldown', () => {
    const f = new Feeder();
    f.feed(ceilingSet(day(0), 'T2'));
    const d = f.feed(run(day(5), 'T1', 'rollback'));
    expect(d).toEqual([
      {
        type: 'CeilingDemoted',
        at: day(5),
        agent: 'dev-e',
        taskClass: 'docs-update',
        from: 'T2',
        to: 'T1',
        cause: f.lastId,
      },
    ]);
    expect(f.state()).toMatchObject({ ceiling: 'T1', streak: 0, cooldownUntil: day(35) });
  });

  test('a rollback at T0 stays at T0 (no event) but starts the cooldown', () => {
    const f = new Feeder();
    expect(f.feed(run(day(0), 'T0', 'rollback'))).toEqual([]);
    expect(f.state()).toMatchObject({ ceiling: 'T0', cooldownUntil: day(30) });
  });

  test('successes during the cooldown count; promotion waits for the first qualifying run after it', () => {
    const f = new Feeder();
    f.feed(ceilingSet(day(0), 'T1'));
    f.feed(run(day(1), 'T1', 'rollback')); // T1 -> T0, cooldown until day 31
    expect(f.feed(...successes(25, 'T0', day(2)))).toEqual([]);
    expect(f.state().streak).toBe(25);
    expect(f.feed(run(day(30, 86_399), 'T0'))).toEqual([]);
    expect(f.feed(run(day(31), 'T0'))).toHaveLength(1); // at == cooldownUntil: eligible
    expect(f.ceiling()).toBe('T1');
    expect(f.state().cooldownUntil).toBeNull();
  });
});

describe('resets', () => {
  let clock = 0;
  function promoted(f: Feeder, agent: string, taskClass: string) {
    clock += 60;
    f.feed(ceilingSet(day(0, clock), 'T1', 'a', agent, taskClass));
    f.feed(...successes(7, 'T1', day(0, clock + 1), agent, taskClass));
  }

  test('a model change resets every subject of the agent to T0 and quarantines the record', () => {
    const f = new Feeder();
    promoted(f, 'dev-e', 'docs-update');
    promoted(f, 'dev-e', 'ui-change');
    promoted(f, 'review-e', 'docs-update');
    const d = f.feed({
      type: 'ModelChanged',
      at: day(2),
      agent: 'dev-e',
      from: 'sonnet-4.6',
      to: 'sonnet-4.7',
    });
    expect(d.map((e) => [e.type, e.taskClass, e.from, e.to, e.cause])).toEqual([
      ['CeilingReset', 'docs-update', 'T1', 'T0', f.lastId],
      ['CeilingReset', 'ui-change', 'T1', 'T0', f.lastId],
    ]);
    expect(f.state()).toMatchObject({
      ceiling: 'T0',
      streak: 0,
      quarantined: { ceiling: 'T1', streak: 7, at: day(2) },
    });
    expect(f.state('review-e')).toMatchObject({ ceiling: 'T1', streak: 7, quarantined: null });
  });

  test('drift resets only above 0.30', () => {
    const f = new Feeder();
    promoted(f, 'dev-e', 'docs-update');
    expect(f.feed({ type: 'DriftDetected', at: day(2), agent: 'dev-e', score: 0.3 })).toEqual([]);
    expect(f.ceiling()).toBe('T1');
    expect(f.feed({ type: 'DriftDetected', at: day(2), agent: 'dev-e', score: 0.31 })).toHaveLength(1);
    expect(f.ceiling()).toBe('T0');
  });

  test('onModelChange: false ignores model changes', () => {
    const f = new Feeder(
      compileLadder({ ...DEFAULT_LADDER.document, reset: { onModelChange: false, driftAbove: 0.3 } }),
    );
    promoted(f, 'dev-e', 'docs-update');
    expect(f.feed({ type: 'ModelChanged', at: day(2), agent: 'dev-e', from: 'a', to: 'b' })).toEqual([]);
    expect(f.ceiling()).toBe('T1');
  });
});

describe('CeilingSet', () => {
  test('sets the ceiling, clears the streak and the cooldown', () => {
    const f = new Feeder();
    f.feed(...successes(5, 'T0', day(0)));
    f.feed(run(day(1), 'T0', 'rollback'));
    f.feed(...successes(5, 'T0', day(2)));
    expect(f.feed(ceilingSet(day(3), 'T1'))).toEqual([]);
    expect(f.state()).toMatchObject({ ceiling: 'T1', streak: 0, cooldownUntil: null });
  });

  test('never above maxAutoCeiling', () => {
    const f = new Feeder(compileLadder({ ...DEFAULT_LADDER.document, maxAutoCeiling: 'T1', promotion: [] }));
    const e = (() => {
      try {
        f.feed(ceilingSet(day(0), 'T2'));
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(TrustladderError);
    expect((e as TrustladderError).code).toBe('INVALID_INPUT');
    expect(f.ceiling()).toBe('T0');
  });
});

describe('order', () => {
  test('refuses an event older than the newest with LEDGER_ORDER, and accepts an equal time', () => {
    const f = new Feeder();
    f.feed(run(day(2), 'T0'));
    f.feed(run(day(2), 'T0'));
    let caught: unknown;
    try {
      f.feed(run(day(1), 'T0'));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TrustladderError);
    expect((caught as TrustladderError).code).toBe('LEDGER_ORDER');
    expect(f.state().streak).toBe(2);
  });

  test('orders sub-second instants exactly, to the nanosecond', () => {
    const f = new Feeder();
    f.feed(run('2026-01-01T00:00:00.000000002Z', 'T0'));
    expect(() => f.feed(run('2026-01-01T00:00:00.000000001Z', 'T0'))).toThrow(TrustladderError);
    f.feed(run('2026-01-01T00:00:00.5Z', 'T0'));
    expect(() => f.feed(run('2026-01-01T00:00:00Z', 'T0'))).toThrow(TrustladderError);
  });
});

describe('outcomes the ladder does not list as streak breakers', () => {
  test('a non-success outcome missing from streakBreakers neither counts nor breaks the streak', () => {
    const f = new Feeder(compileLadder({ ...DEFAULT_LADDER.document, streakBreakers: ['rollback'] }));
    f.feed(...successes(19, 'T0', day(0)));
    expect(f.feed(run(day(1), 'T0', 'budget-overrun'))).toEqual([]);
    expect(f.state()).toMatchObject({ ceiling: 'T0', streak: 19, cooldownUntil: null });
    expect(f.feed(run(day(1, 1), 'T0'))).toHaveLength(1);
  });
});

describe('the evidence behind a promotion', () => {
  test('names exactly the runs in the window, oldest first: a run that fell out is not evidence', () => {
    const f = new Feeder();
    f.feed(run(day(0), 'T0'));
    f.feed(...successes(18, 'T0', day(10)));
    expect(f.feed(run(day(90), 'T0'))).toEqual([]); // the first run (e1) leaves the window here
    const inWindow = f.projection.subject('dev-e', 'docs-update').streakRuns;
    expect(inWindow).toEqual(Array.from({ length: 19 }, (_, i) => `e${i + 2}`));
    const derivations = f.projection.applyDetailed({ ...run(day(90, 1), 'T0'), id: 'last' });
    expect(derivations).toHaveLength(1);
    expect(derivations[0]?.streak).toEqual([...inWindow, 'last']);
  });

  test('a demotion and a reset carry no streak', () => {
    const f = new Feeder();
    f.feed(ceilingSet(day(0), 'T1'));
    f.feed(...successes(3, 'T1', day(1)));
    const demoted = f.projection.applyDetailed({ ...run(day(2), 'T1', 'rollback'), id: 'rb' });
    expect(demoted.map((d) => [d.event.type, d.streak])).toEqual([['CeilingDemoted', []]]);
  });

  test('the state lists the streak runs by id, oldest first, and a reset quarantines its length', () => {
    const f = new Feeder();
    f.feed(...successes(3, 'T0', day(0)));
    expect(f.state()).toMatchObject({ streak: 3, streakRuns: ['e1', 'e2', 'e3'] });
    f.feed(run(day(1), 'T0', 'human-rework'));
    f.feed(...successes(2, 'T0', day(2)));
    expect(f.state()).toMatchObject({ streak: 2, streakRuns: ['e5', 'e6'] });
    f.feed({ type: 'ModelChanged', at: day(3), agent: 'dev-e', from: 'a', to: 'b' });
    expect(f.state()).toMatchObject({
      streak: 0,
      streakRuns: [],
      quarantined: { ceiling: 'T0', streak: 2, at: day(3) },
    });
  });
});

describe('the order of states', () => {
  test('sorted by agent, then task class, by code point (upper case before lower), whatever the arrival order', () => {
    const f = new Feeder();
    const pairs = [
      ['dev-e', 'ui-change'],
      ['Dev-E', 'z'],
      ['dev-e', 'Docs'],
      ['alpha', 'docs-update'],
      ['dev-e', 'docs-update'],
    ] as const;
    for (const [i, [agent, taskClass]] of pairs.entries())
      f.feed(run(day(0, i), 'T0', 'success', agent, taskClass));
    expect(f.projection.states().map((s) => [s.agent, s.taskClass])).toEqual([
      ['Dev-E', 'z'],
      ['alpha', 'docs-update'],
      ['dev-e', 'Docs'],
      ['dev-e', 'docs-update'],
      ['dev-e', 'ui-change'],
    ]);
  });
});

describe('an unparseable time', () => {
  test.each(['2026-02-30T00:00:00Z', '2026-01-01T00:00:00+01:00', 'yesterday', ''])(
    'an event at %j is INVALID_INPUT and changes nothing',
    (at) => {
      const f = new Feeder();
      f.feed(run(day(0), 'T0'));
      expect(() => f.feed(run(at, 'T0'))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
      expect(f.projection.count).toBe(1);
      expect(f.projection.newestAt).toBe(day(0));
      expect(f.state().streak).toBe(1);
    },
  );
});
