import type { LedgerProjection } from '../ladder/projection.js';
import type { TaskSpec } from '../taskspec/taskspec.types.js';
import type { RefusalReason } from './dispatch.types.js';

/**
 * The novel-task-class rule of the dispatch gate: a new (agent, task class) starts at the
 * ladder's initial ceiling, and its first `observedRuns` runs (counted in the ledger since the
 * subject was first seen or last reset) are dispatched only with a named human observer.
 * `isHuman` tells a human from an agent: an agent never observes. Returns the refusals.
 */
export function novelClassRefusals(
  task: TaskSpec,
  agent: string,
  ledger: LedgerProjection,
  isHuman: (name: string) => boolean,
): RefusalReason[] {
  const runs = ledger.subject(agent, task.task_class).runCount;
  const needed = ledger.ladder.observedRuns;
  if (runs >= needed) return [];
  const which = `run ${runs + 1} of the first ${needed} of ${agent} on ${task.task_class}`;
  if (task.observer === undefined)
    return [
      {
        code: 'observer_missing',
        message: `${which}: a novel task class is dispatched only with a named human observer`,
      },
    ];
  if (!isHuman(task.observer))
    return [
      {
        code: 'approver_not_human',
        message: `the observer ${task.observer} is an agent: a human observes a novel task class`,
      },
    ];
  return [];
}
