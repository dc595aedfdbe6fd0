import { describe, expect, test } from 'vitest';
import { formatInstant, parseInstant } from './instant.js';
import { DEFAULT_LADDER } from './testing/ladder-fixtures.js';
import { validateEvent } from './validate-event.js';

const RUN = {
  type: 'RunCompleted',
  at: '2026-05-01T00:00:00Z',
  agent: 'dev-e',
  taskClass: 'docs-update',
  tier: 'T0',
  outcome: 'success',
};

function codes(value: unknown, mode: 'input' | 'stored' = 'input'): [string, string][] {
  const r = validateEvent(value, { mode, ladder: DEFAULT_LADDER });
  return r.ok ? [] : r.issues.map((i) => [i.code, i.path]);
}

describe('validateEvent', () => {
  test('accepts every input event type', () => {
    expect(codes(RUN)).toEqual([]);
    expect(codes({ ...RUN, taskId: 'task-1' })).toEqual([]);
    expect(codes({ type: 'ModelChanged', at: RUN.at, agent: 'dev-e', from: 'a', to: 'b' })).toEqual([]);
    expect(codes({ type: 'DriftDetected', at: RUN.at, agent: 'dev-e', score: 0.4 })).toEqual([]);
    expect(
      codes({
        type: 'CeilingSet',
        at: RUN.at,
        agent: 'dev-e',
        taskClass: 'x',
        tier: 'T2',
        by: 'alice',
        reason: 'r',
      }),
    ).toEqual([]);
    expect(
      codes({
        type: 'EscalationRequired',
        at: RUN.at,
        agent: 'dev-e',
        taskId: 't',
        taskClass: 'x',
        tier: 'T1',
        requiredTier: 'T2',
        context: 'schema change',
      }),
    ).toEqual([]);
  });

  test.each([
    [{ ...RUN, tier: 'T4' }, 'enum', '/tier'],
    [{ ...RUN, outcome: 'ok' }, 'enum', '/outcome'],
    [{ ...RUN, extra: 1 }, 'unevaluatedProperties', ''],
    [{ ...RUN, at: '2026-05-01T00:00:00+00:00' }, 'pattern', '/at'],
    [{ ...RUN, at: '2026-02-30T00:00:00Z' }, 'invalid_instant', '/at'],
    [{ ...RUN, at: '2026-05-01T24:00:00Z' }, 'invalid_instant', '/at'],
    [{ ...RUN, agent: '' }, 'pattern', '/agent'],
    [{ ...RUN, id: 'x' }, 'assigned_by_ledger', '/id'],
    [{ ...RUN, seq: 3 }, 'assigned_by_ledger', '/seq'],
    [
      { type: 'CeilingPromoted', at: RUN.at, agent: 'a', taskClass: 'x', from: 'T0', to: 'T1', cause: 'e1' },
      'derived_event',
      '/type',
    ],
    [
      { type: 'CeilingSet', at: RUN.at, agent: 'a', taskClass: 'x', tier: 'T3', by: 'b', reason: 'r' },
      'enum',
      '/tier',
    ],
    [{ type: 'DriftDetected', at: RUN.at, agent: 'a', score: 1.2 }, 'maximum', '/score'],
    [
      {
        type: 'EscalationRequired',
        at: RUN.at,
        agent: 'a',
        taskId: 't',
        taskClass: 'x',
        tier: 'T2',
        requiredTier: 'T1',
        context: 'c',
      },
      'not_an_escalation',
      '/requiredTier',
    ],
    [{ type: 'Unknown', at: RUN.at, agent: 'a' }, 'enum', '/type'],
  ])('refuses %j (%s at %s)', (value, code, path) => {
    expect(codes(value)).toContainEqual([code, path]);
  });

  test('a stored event may carry its id and seq and be derived', () => {
    expect(
      codes(
        {
          type: 'CeilingPromoted',
          at: RUN.at,
          agent: 'a',
          taskClass: 'x',
          from: 'T0',
          to: 'T1',
          cause: 'e1',
          id: 'e2',
          seq: 2,
        },
        'stored',
      ),
    ).toEqual([]);
  });

  test('CeilingSet above the ladder maxAutoCeiling is refused', () => {
    const low = { ...DEFAULT_LADDER, maxAutoCeiling: 'T1' as const };
    const r = validateEvent(
      { type: 'CeilingSet', at: RUN.at, agent: 'a', taskClass: 'x', tier: 'T2', by: 'b', reason: 'r' },
      { ladder: low },
    );
    expect(r.ok ? [] : r.issues.map((i) => i.code)).toEqual(['above_max_auto_ceiling']);
  });
});

describe('instants', () => {
  test.each([
    ['2026-05-01T00:00:00Z', '2026-05-01T00:00:00Z'],
    ['2026-05-01T00:00:00.500Z', '2026-05-01T00:00:00.5Z'],
    ['2026-05-01T00:00:00.123456789Z', '2026-05-01T00:00:00.123456789Z'],
    ['2028-02-29T23:59:59Z', '2028-02-29T23:59:59Z'],
  ])('round-trips %s', (text, formatted) => {
    const i = parseInstant(text);
    expect(i).toBeDefined();
    expect(formatInstant(i as NonNullable<typeof i>)).toBe(formatted);
  });

  test.each([
    '2026-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-05-01T00:00:60Z',
    '1969-12-31T23:59:59Z',
    '2026-05-01 00:00:00Z',
    '2026-05-01T00:00:00z',
  ])('refuses %s', (text) => expect(parseInstant(text)).toBeUndefined());
});
