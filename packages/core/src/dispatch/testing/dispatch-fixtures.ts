// TaskSpecs and ledgers for the dispatch gate's tests.
import { LedgerProjection } from '../../ladder/projection.js';
import { DEFAULT_LADDER, day } from '../../ladder/testing/ladder-fixtures.js';
import type { TaskSpec } from '../../taskspec/taskspec.types.js';
import type { Tier } from '../../tier.js';

/** A docs-update TaskSpec of acme/app at `tier` that names `surfaces`. */
export function spec(tier: Tier, surfaces: string[], extra: Partial<TaskSpec> = {}): TaskSpec {
  return {
    id: `task-${tier}-${surfaces.length}`,
    repo: 'acme/app',
    tier,
    task_class: 'docs-update',
    blast_radius: { reason: 'r', surfaces, evaluated_by: 'spec-e', evaluated_at: '2026-04-16T16:30:00Z' },
    acceptance_criteria: ['done'],
    // Every subject here is novel (its first runs): a named human observes (novel-class.test.ts).
    observer: 'olive',
    ...extra,
  };
}

/** A ledger where a human set each (agent, task class) to its tier. */
export function ledgerWith(...sets: [string, string, Tier][]): LedgerProjection {
  const p = new LedgerProjection(DEFAULT_LADDER);
  for (const [i, [agent, taskClass, tier]] of sets.entries())
    p.apply({
      type: 'CeilingSet',
      at: day(0, i),
      agent,
      taskClass,
      tier,
      by: 'alice',
      reason: 'setup',
      id: `s${i}`,
    });
  return p;
}
