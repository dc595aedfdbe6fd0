import { describe, expect, test } from 'vitest';
import { TrustladderError } from '../errors.js';
import type { DerivedEvent, InputEvent, RecordedEvent } from './event.types.js';
import { LedgerProjection } from './projection.js';
import { isAfter, LedgerReplay, replay } from './replay.js';
import { DEFAULT_LADDER, day, run, successes } from './testing/ladder-fixtures.js';

// A replay is what `ledger verify` and `status --at` stand on: a re-chained log with a forged
// derived event, a truncated log, or a replay "as of" a past time must each be told apart
// from the honest log.

/** The log an append path writes: each event, then the derived events it caused; seq from 1. */
function logOf(events: readonly InputEvent[]): RecordedEvent[] {
  const projection = new LedgerProjection(DEFAULT_LADDER);
  const log: RecordedEvent[] = [];
  for (const [i, e] of events.entries()) {
    const input = { ...e, id: `e${i + 1}` };
    log.push({ ...input, seq: log.length + 1 });
    for (const [j, d] of projection.apply(input).entries())
      log.push({ ...d, id: `e${i + 1}-d${j}`, seq: log.length + 1 });
  }
  return log;
}

/** 20 successes at T0 on day 0 (the 20th promotes to T1), then a rollback on day 1 (demotes). */
function promotedThenDemoted(): RecordedEvent[] {
  return logOf([...successes(20, 'T0', day(0)), run(day(1), 'T1', 'rollback')]);
}

function derivedIndex(log: readonly RecordedEvent[], type: DerivedEvent['type']): number {
  const i = log.findIndex((e) => e.type === type);
  if (i < 0) throw new Error(`no ${type} in the log`);
  return i;
}

/** The log with one field of its first `type` event changed (the seq and id kept, as a re-chained forgery would). */
function forge(type: DerivedEvent['type'], field: string, value: string): RecordedEvent[] {
  const log = promotedThenDemoted();
  const i = derivedIndex(log, type);
  log[i] = { ...log[i], [field]: value } as RecordedEvent;
  return log;
}

describe('replay of an honest log', () => {
  test('reproduces every derived event, owes none, and ends in the rules state', () => {
    const log = promotedThenDemoted();
    const r = replay(DEFAULT_LADDER, log);
    expect(r.mismatches).toEqual([]);
    expect(r.owed).toBe(0);
    expect(r.lastSeq).toBe(log.length);
    expect(r.projection.ceilingOf('dev-e', 'docs-update')).toBe('T0');
    expect(r.projection.count).toBe(21);
  });

  test('tells the observer each derived event with the event that caused it', () => {
    const log = promotedThenDemoted();
    const seen: Array<[string, string, number]> = [];
    replay(DEFAULT_LADDER, log, {
      observer: {
        onDerived: (record, cause, derivation) => seen.push([record.id, cause.id, derivation.streak.length]),
      },
    });
    expect(seen).toEqual([
      ['e20-d0', 'e20', 20],
      ['e21-d0', 'e21', 0],
    ]);
  });
});

describe('a derived event that differs from the rules is unexpected', () => {
  test.each([
    ['CeilingPromoted', 'to', 'T2'],
    ['CeilingPromoted', 'from', 'T1'],
    ['CeilingPromoted', 'agent', 'dev-f'],
    ['CeilingPromoted', 'taskClass', 'ui-change'],
    ['CeilingPromoted', 'at', day(0, 30)],
    ['CeilingPromoted', 'cause', 'e19'],
    ['CeilingPromoted', 'type', 'CeilingReset'],
    ['CeilingDemoted', 'to', 'T1'],
    ['CeilingDemoted', 'cause', 'e20'],
  ] as const)('a %s with a changed %s', (type, field, value) => {
    const log = forge(type, field, value);
    const r = replay(DEFAULT_LADDER, log);
    const i = derivedIndex(promotedThenDemoted(), type);
    const honest = promotedThenDemoted()[i] as RecordedEvent<DerivedEvent>;
    expect(r.mismatches).toEqual([
      {
        code: 'unexpected_derived',
        seq: i + 1,
        message: expect.any(String),
        expected: {
          type: honest.type,
          at: honest.at,
          agent: honest.agent,
          taskClass: honest.taskClass,
          from: honest.from,
          to: honest.to,
          cause: honest.cause,
        },
      },
    ]);
  });

  test('a derived event the rules never produce at that point has no expected event', () => {
    const log = logOf(successes(3, 'T0', day(0)));
    log.push({
      type: 'CeilingPromoted',
      at: day(0, 2),
      agent: 'dev-e',
      taskClass: 'docs-update',
      from: 'T0',
      to: 'T1',
      cause: 'e3',
      id: 'forged',
      seq: 4,
    } as RecordedEvent);
    const r = replay(DEFAULT_LADDER, log);
    expect(r.mismatches).toEqual([{ code: 'unexpected_derived', seq: 4, message: expect.any(String) }]);
  });
});

describe('derived events the log lacks are missing', () => {
  test('a log truncated right after the cause of a promotion owes it, reported at the end (seq 0)', () => {
    const log = promotedThenDemoted();
    const truncated = log.slice(0, derivedIndex(log, 'CeilingPromoted'));
    const r = replay(DEFAULT_LADDER, truncated);
    expect(r.mismatches).toEqual([
      {
        code: 'missing_derived',
        seq: 0,
        message: expect.any(String),
        expected: expect.objectContaining({ type: 'CeilingPromoted', cause: 'e20', from: 'T0', to: 'T1' }),
      },
    ]);
    expect(r.owed).toBe(0);
  });

  test('a derived event dropped from the middle is reported at the next stored event', () => {
    const log = promotedThenDemoted();
    const i = derivedIndex(log, 'CeilingPromoted');
    const dropped = [...log.slice(0, i), ...log.slice(i + 1)];
    const r = replay(DEFAULT_LADDER, dropped);
    expect(r.mismatches.map((m) => [m.code, m.seq])).toEqual([
      ['missing_derived', (log[i + 1] as RecordedEvent).seq],
    ]);
  });

  test('pushing without finish keeps the owed count; finish reports it', () => {
    const log = promotedThenDemoted();
    const r = new LedgerReplay(DEFAULT_LADDER);
    for (const record of log.slice(0, derivedIndex(log, 'CeilingPromoted'))) r.push(record);
    expect(r.owed).toBe(1);
    expect(r.mismatches).toEqual([]);
    r.finish();
    expect(r.owed).toBe(0);
    expect(r.mismatches.map((m) => m.code)).toEqual(['missing_derived']);
  });
});

describe('refused events', () => {
  test('an event older than the one before it is out of order; the state ignores it', () => {
    const log = logOf([run(day(2), 'T0')]);
    log.push({ ...run(day(1), 'T0'), id: 'old', seq: 2 });
    const r = replay(DEFAULT_LADDER, log);
    expect(r.mismatches.map((m) => [m.code, m.seq])).toEqual([['out_of_order', 2]]);
    expect(r.projection.subject('dev-e', 'docs-update').streak).toBe(1);
  });

  test('a CeilingSet above maxAutoCeiling is refused, not applied', () => {
    const log: RecordedEvent[] = [
      {
        type: 'CeilingSet',
        at: day(0),
        agent: 'dev-e',
        taskClass: 'docs-update',
        tier: 'T3',
        by: 'alice',
        reason: 'r',
        id: 'e1',
        seq: 1,
      } as RecordedEvent,
    ];
    const r = replay(DEFAULT_LADDER, log);
    expect(r.mismatches.map((m) => [m.code, m.seq])).toEqual([['refused_event', 1]]);
    expect(r.projection.ceilingOf('dev-e', 'docs-update')).toBe('T0');
  });

  test('an error that is not a TrustladderError (a bug) is thrown, never recorded as a mismatch', () => {
    const r = new LedgerReplay(DEFAULT_LADDER, {
      onApplied: () => {
        throw new RangeError('a bug');
      },
    });
    expect(() => r.push({ ...run(day(0), 'T0'), id: 'e1', seq: 1 })).toThrow(RangeError);
  });
});

describe('replay until a time', () => {
  test('stops after the last event at or before `until`: the state as of then, not now', () => {
    const log = promotedThenDemoted();
    // Day 0 holds the promotion; day 1 the demotion.
    const asOfDay0 = replay(DEFAULT_LADDER, log, { until: day(0, 59) });
    expect(asOfDay0.projection.ceilingOf('dev-e', 'docs-update')).toBe('T1');
    expect(asOfDay0.mismatches).toEqual([]);
    expect(asOfDay0.lastSeq).toBe(derivedIndex(log, 'CeilingPromoted') + 1);
    const now = replay(DEFAULT_LADDER, log);
    expect(now.projection.ceilingOf('dev-e', 'docs-update')).toBe('T0');
  });

  test('an event exactly at `until` is included', () => {
    const log = logOf([run(day(0), 'T0'), run(day(1), 'T0')]);
    expect(replay(DEFAULT_LADDER, log, { until: day(1) }).projection.count).toBe(2);
    expect(replay(DEFAULT_LADDER, log, { until: day(0) }).projection.count).toBe(1);
  });

  test('an `until` that is not an instant is an input error, never "no limit"', () => {
    const log = promotedThenDemoted();
    for (const until of ['2026-02-30T00:00:00Z', 'yesterday', '']) {
      expect(() => replay(DEFAULT_LADDER, log, { until })).toThrow(
        expect.objectContaining({
          name: 'TrustladderError',
          code: 'INVALID_INPUT',
          issues: [expect.objectContaining({ code: 'invalid_instant', path: '/until' })],
        }),
      );
    }
  });

  test('isAfter compares to the nanosecond and never puts an unparseable `at` after', () => {
    const until = { us: Date.UTC(2026, 0, 1) * 1000, ns: 5 };
    const at = (text: string) => ({ ...run(text, 'T0'), id: 'x' });
    expect(isAfter(at('2026-01-01T00:00:00.000000006Z'), until)).toBe(true);
    expect(isAfter(at('2026-01-01T00:00:00.000000005Z'), until)).toBe(false);
    expect(isAfter(at('2025-12-31T23:59:59Z'), until)).toBe(false);
    expect(isAfter(at('not a time'), until)).toBe(false);
  });
});

test('TrustladderError is what the fold throws for a refused event (the contract replay relies on)', () => {
  const p = new LedgerProjection(DEFAULT_LADDER);
  p.apply({ ...run(day(1), 'T0'), id: 'a' });
  expect(() => p.apply({ ...run(day(0), 'T0'), id: 'b' })).toThrow(TrustladderError);
});
