import { describe, expect, test } from 'vitest';
import { auditLedger } from './audit.js';
import type { IdentifiedEvent, InputEvent, RecordedEvent } from './event.types.js';
import { LedgerProjection } from './projection.js';
import { DEFAULT_LADDER, day, run, successes } from './testing/ladder-fixtures.js';

function log(events: InputEvent[]): RecordedEvent[] {
  const p = new LedgerProjection(DEFAULT_LADDER);
  const out: RecordedEvent[] = [];
  for (const [i, e] of events.entries()) {
    const withId = { ...e, id: `e${i + 1}` } as IdentifiedEvent<InputEvent>;
    out.push({ ...withId, seq: out.length + 1 });
    for (const [j, d] of p.apply(withId).entries())
      out.push({ ...d, id: `e${i + 1}-d${j}`, seq: out.length + 1 });
  }
  return out;
}

describe('auditLedger', () => {
  const records = log([
    ...successes(20, 'T0', day(0)), // e1..e20: promotion at e20
    run(day(1), 'T0', 'success', 'review-e'),
    {
      type: 'CeilingSet',
      at: day(10),
      agent: 'dev-e',
      taskClass: 'ui-change',
      tier: 'T2',
      by: 'alice',
      reason: 'pilot',
    },
    run(day(40), 'T1', 'rollback'), // e23: demotion T1 -> T0
    { type: 'ModelChanged', at: day(50), agent: 'dev-e', from: 'm1', to: 'm2' }, // e24: two resets
    run(day(51), 'T2', 'success', 'dev-e', 'docs-update'), // e25: a violation
  ]);

  test('lists every autonomy change of the agent with its cause, and the streak behind a promotion', () => {
    const { report, replay } = auditLedger(DEFAULT_LADDER, records, { agent: 'dev-e' });
    expect(replay.mismatches).toEqual([]);
    expect(report.changes.map((c) => [c.kind, c.taskClass, c.from, c.to, c.cause.id])).toEqual([
      ['promoted', 'docs-update', 'T0', 'T1', 'e20'],
      ['set', 'ui-change', 'T0', 'T2', 'e22'],
      ['demoted', 'docs-update', 'T1', 'T0', 'e23'],
      ['reset', 'docs-update', 'T0', 'T0', 'e24'],
      ['reset', 'ui-change', 'T2', 'T0', 'e24'],
    ]);
    expect(report.changes[0]?.streak).toEqual(Array.from({ length: 20 }, (_, i) => `e${i + 1}`));
    expect(report.changes[0]?.event).toMatchObject({ type: 'CeilingPromoted', id: 'e20-d0' });
    expect(report.violations.map((v) => v.id)).toEqual(['e25']);
  });

  test('keeps only the period asked for, and other agents out', () => {
    const { report } = auditLedger(DEFAULT_LADDER, records, {
      agent: 'dev-e',
      since: day(30),
      until: day(45),
    });
    expect(report.changes.map((c) => c.kind)).toEqual(['demoted']);
    expect(auditLedger(DEFAULT_LADDER, records, { agent: 'review-e' }).report.changes).toEqual([]);
  });
});
