import { describe, expect, test } from 'vitest';
import type { Tier } from '../tier.js';
import { LedgerProjection, type SubjectSnapshot } from './projection.js';
import { DEFAULT_LADDER, day } from './testing/ladder-fixtures.js';

// A stored projection row is untrusted input (a store's table, a restored backup): resuming the
// fold from a damaged one would decide on state no event produced. Each damage is refused with
// INVALID_INPUT and an issue that points at the field, before any fold or gate reads the row.
// Under the default ladder T0 and T1 have a promotion step (timed runs); T2 and T3 do not.

const timedRow: SubjectSnapshot = {
  agent: 'dev-e',
  taskClass: 'docs-update',
  ceiling: 'T1',
  runs: [[day(1), 'e1']],
  cooldownUntil: null,
  violations: 0,
  quarantined: null,
  runCount: 1,
};
const untimedRow: SubjectSnapshot = { ...timedRow, ceiling: 'T2', runs: [], untimedStreak: 3 };

function restore(row: unknown, newestAt: string | null = null): LedgerProjection {
  return LedgerProjection.restore(DEFAULT_LADDER, [row as SubjectSnapshot], { newestAt });
}

function refusal(path: string) {
  return expect.objectContaining({
    name: 'TrustladderError',
    code: 'INVALID_INPUT',
    issues: [{ code: 'malformed_projection', path, message: expect.any(String) }],
  });
}

describe('a damaged stored projection row is refused on restore, with the pointer of the field', () => {
  test.each<[string, unknown, string]>([
    ['a ceiling that is no tier', { ...timedRow, ceiling: 'T4' }, '/ceiling'],
    [
      'an untimed streak at a tier with a promotion step',
      { ...timedRow, untimedStreak: 1 },
      '/untimedStreak',
    ],
    ['a negative untimed streak', { ...untimedRow, untimedStreak: -1 }, '/untimedStreak'],
    ['a fractional untimed streak', { ...untimedRow, untimedStreak: 1.5 }, '/untimedStreak'],
    ['an untimed streak given as text', { ...untimedRow, untimedStreak: '3' }, '/untimedStreak'],
    ['timed runs that are no list', { ...timedRow, runs: { 0: [day(1), 'e1'] } }, '/runs'],
    ['untimed runs given as an empty text', { ...untimedRow, runs: '' }, '/runs'],
    ['untimed runs that are null', { ...untimedRow, runs: null }, '/runs'],
    ['a timed run that is null', { ...timedRow, runs: [[day(1), 'e1'], null] }, '/runs/1'],
    ['a timed run that is an object', { ...timedRow, runs: [{ 0: day(1), 1: 'e1' }] }, '/runs/0'],
    ['a timed run whose time is a number', { ...timedRow, runs: [[5, 'e1']] }, '/runs/0'],
    ['a timed run whose time is null', { ...timedRow, runs: [[null, 'e1']] }, '/runs/0'],
    ['a timed run whose id is a number', { ...timedRow, runs: [[day(1), 1]] }, '/runs/0'],
    ['an untimed run that is null', { ...untimedRow, runs: [null] }, '/runs/0'],
    ['an untimed run with a time', { ...untimedRow, runs: [[day(1), 'e1']] }, '/runs/0'],
    [
      'an untimed run whose id is a number',
      {
        ...untimedRow,
        runs: [
          [null, 'e1'],
          [null, 7],
        ],
      },
      '/runs/1',
    ],
    ['a cooldown that is no instant', { ...timedRow, cooldownUntil: 'soon' }, '/cooldownUntil'],
    ['a negative violation count', { ...timedRow, violations: -1 }, '/violations'],
    ['a fractional violation count', { ...timedRow, violations: 0.5 }, '/violations'],
    ['a negative run count', { ...timedRow, runCount: -1 }, '/runCount'],
    ['a run count given as text', { ...timedRow, runCount: '1' }, '/runCount'],
  ])('%s', (_, row, path) => {
    expect(() => restore(row)).toThrow(refusal(path));
  });

  test('a newest time that is no instant', () => {
    expect(() => restore(timedRow, 'yesterday')).toThrow(refusal('/newestAt'));
  });

  // A long streak's times are parsed when first used (a gate that only reads the row never pays
  // for them), so a bad time is refused there: before any snapshot or fold goes on from it.
  test('a timed run whose time is no instant, when the fold first reads the streak', () => {
    const bad = {
      ...timedRow,
      runs: [
        [day(1), 'e1'],
        ['not a time', 'e2'],
      ],
    };
    expect(() => restore(bad).snapshots()).toThrow(refusal('/runs/1/0'));
    const p = restore(bad);
    expect(() =>
      p.apply({
        type: 'RunCompleted',
        id: 'e3',
        at: day(2),
        agent: 'dev-e',
        taskClass: 'docs-update',
        tier: 'T1',
        outcome: 'success',
      }),
    ).toThrow(refusal('/runs/1/0'));
  });
});

describe('a sound stored projection row restores as it was written', () => {
  test.each<Tier>(['T0', 'T1', 'T2', 'T3'])('at %s', (ceiling) => {
    const row = DEFAULT_LADDER.steps.has(ceiling) ? { ...timedRow, ceiling } : { ...untimedRow, ceiling };
    const p = restore(row, day(1));
    expect(p.ceilingOf('dev-e', 'docs-update')).toBe(ceiling);
    expect(p.snapshots()).toEqual([row]);
  });

  test('an untimed row of an older version, with its runs listed as [null, id], counts them', () => {
    const p = restore({
      ...untimedRow,
      runs: [
        [null, 'old-1'],
        [null, 'old-2'],
      ],
    });
    expect(p.subject('dev-e', 'docs-update').streak).toBe(5);
    expect(p.snapshots()).toEqual([{ ...untimedRow, untimedStreak: 5 }]);
  });

  test('without a list of known agents, it knows the agents of its rows and no other', () => {
    const p = restore(timedRow);
    expect(p.knownAgents()).toEqual(['dev-e']);
    expect(p.knowsAgent('review-e')).toBe(false);
  });

  test('an agent both loaded and listed as known is known once', () => {
    const p = LedgerProjection.restore(DEFAULT_LADDER, [timedRow], {
      newestAt: null,
      knownAgents: ['review-e', 'dev-e'],
    });
    expect(p.knownAgents()).toEqual(['dev-e', 'review-e']);
  });
});
