import { describe, expect, test } from 'vitest';
import { compileLadder } from '../ladder/load-trust-ladder.js';
import { LedgerProjection } from '../ladder/projection.js';
import { DEFAULT_LADDER, day } from '../ladder/testing/ladder-fixtures.js';
import type { TaskSpec } from '../taskspec/taskspec.types.js';
import { checkDispatch } from './check-dispatch.js';

const task = (extra: Partial<TaskSpec> = {}): TaskSpec => ({
  id: 'task-docs',
  repo: 'acme/app',
  tier: 'T0',
  task_class: 'docs-update',
  blast_radius: { reason: 'r', surfaces: ['docs/a.md'], evaluated_by: 'spec-e', evaluated_at: day(0) },
  acceptance_criteria: ['done'],
  ...extra,
});

function withRuns(ledger: LedgerProjection, agent: string, n: number, from = 0): LedgerProjection {
  for (let i = 0; i < n; i++)
    ledger.apply({
      type: 'RunCompleted',
      at: day(1, from + i),
      agent,
      taskClass: 'docs-update',
      tier: 'T0',
      outcome: i % 2 === 0 ? 'success' : 'human-rework',
      id: `run-${agent}-${from + i}`,
    });
  return ledger;
}

const codes = (t: TaskSpec, agent: string, ledger: LedgerProjection) =>
  checkDispatch(t, agent, { ledger }).reasons.map((r) => r.code);

describe('novel task class: the first runs need a named human observer', () => {
  test('a new (agent, task class) is refused without an observer, allowed with a human one', () => {
    const ledger = new LedgerProjection(DEFAULT_LADDER);
    expect(codes(task(), 'dev-e', ledger)).toEqual(['observer_missing']);
    expect(codes(task({ observer: 'olive' }), 'dev-e', ledger)).toEqual([]);
  });

  test('the agent itself, or another agent, is no observer', () => {
    const ledger = withRuns(new LedgerProjection(DEFAULT_LADDER), 'other-e', 1);
    expect(codes(task({ observer: 'dev-e' }), 'dev-e', ledger)).toEqual(['approver_not_human']);
    expect(codes(task({ observer: 'other-e' }), 'dev-e', ledger)).toEqual(['approver_not_human']);
  });

  test('every run counts, whatever its outcome: run 20 is still observed, run 21 is not', () => {
    const ledger = withRuns(new LedgerProjection(DEFAULT_LADDER), 'dev-e', 19);
    expect(ledger.subject('dev-e', 'docs-update').runCount).toBe(19);
    expect(codes(task(), 'dev-e', ledger)).toEqual(['observer_missing']);
    withRuns(ledger, 'dev-e', 1, 19);
    expect(codes(task(), 'dev-e', ledger)).toEqual([]);
  });

  test('the count is per task class: runs on another class do not make this one familiar', () => {
    const ledger = withRuns(new LedgerProjection(DEFAULT_LADDER), 'dev-e', 25);
    expect(codes(task({ task_class: 'ui-change' }), 'dev-e', ledger)).toEqual(['observer_missing']);
  });

  test('a model change makes every class of the agent novel again', () => {
    const ledger = withRuns(new LedgerProjection(DEFAULT_LADDER), 'dev-e', 25);
    ledger.apply({ type: 'ModelChanged', at: day(2), agent: 'dev-e', from: 'm1', to: 'm2', id: 'model-1' });
    expect(ledger.subject('dev-e', 'docs-update').runCount).toBe(0);
    expect(codes(task(), 'dev-e', ledger)).toEqual(['observer_missing']);
  });

  test('the ladder sets N: observedRuns 0 switches observation off, 3 needs three runs', () => {
    const off = new LedgerProjection(
      compileLadder({ ...DEFAULT_LADDER.document, novelClass: { observedRuns: 0 } }),
    );
    expect(codes(task(), 'dev-e', off)).toEqual([]);
    const three = compileLadder({ ...DEFAULT_LADDER.document, novelClass: { observedRuns: 3 } });
    expect(three.observedRuns).toBe(3);
    const ledger = withRuns(new LedgerProjection(three), 'dev-e', 2);
    expect(codes(task(), 'dev-e', ledger)).toEqual(['observer_missing']);
    withRuns(ledger, 'dev-e', 1, 2);
    expect(codes(task(), 'dev-e', ledger)).toEqual([]);
  });

  test('a stored projection row without a run count is read as 0: observed again (fail closed)', () => {
    const ledger = withRuns(new LedgerProjection(DEFAULT_LADDER), 'dev-e', 25);
    const rows = ledger.snapshots().map(({ runCount: _dropped, ...old }) => old);
    const restored = LedgerProjection.restore(DEFAULT_LADDER, rows, { newestAt: ledger.newestAt ?? null });
    expect(codes(task(), 'dev-e', restored)).toEqual(['observer_missing']);
    expect(() =>
      LedgerProjection.restore(DEFAULT_LADDER, [{ ...(rows[0] as object), runCount: -1 } as never], {
        newestAt: null,
      }),
    ).toThrow(/runCount/);
  });
});
