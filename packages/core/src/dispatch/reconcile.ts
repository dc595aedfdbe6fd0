import type { CompiledPolicy } from '../classify/compiled.types.js';
import { decidingRules } from '../failure-modes/deciding-rules.js';
import type { ClassificationDisagreed } from '../ladder/event.types.js';
import { classifyTaskSpec } from '../taskspec/classify-taskspec.js';
import type { TaskSpec } from '../taskspec/taskspec.types.js';
import { type Tier, tierRank } from '../tier.js';

export interface Disagreement {
  readonly task: string;
  readonly recordedTier: Tier;
  readonly currentTier: Tier;
  /** `under`: the task was classified too low (the dangerous kind); `over`: too high. */
  readonly direction: 'under' | 'over';
  /** The rules that decided the current tier, and the files that made them match. */
  readonly rules: readonly string[];
  readonly surfaces: readonly string[];
}

/**
 * The daily reconciliation: re-classifies every open task under the current policy and
 * returns the disagreements with the tier each was dispatched at, with one
 * ClassificationDisagreed ledger event each (`agent` is the assigned agent, or `reconciler`
 * for a task not yet assigned).
 */
export function reconcile(
  openTasks: Iterable<TaskSpec>,
  context: { readonly policy: CompiledPolicy; readonly at: string; readonly reconciler?: string },
): { readonly disagreements: readonly Disagreement[]; readonly events: readonly ClassificationDisagreed[] } {
  const disagreements: Disagreement[] = [];
  const events: ClassificationDisagreed[] = [];
  for (const task of openTasks) {
    const c = classifyTaskSpec(context.policy, task);
    if (c.tier === task.tier) continue;
    const deciding = decidingRules(c);
    disagreements.push({
      task: task.id,
      recordedTier: task.tier,
      currentTier: c.tier,
      direction: tierRank(c.tier) > tierRank(task.tier) ? 'under' : 'over',
      ...deciding,
    });
    events.push({
      type: 'ClassificationDisagreed',
      at: context.at,
      agent: task.assigned_agent ?? context.reconciler ?? 'reconciler',
      taskId: task.id,
      taskClass: task.task_class,
      recordedTier: task.tier,
      currentTier: c.tier,
      policy: c.policy,
      ...deciding,
    });
  }
  return { disagreements, events };
}
