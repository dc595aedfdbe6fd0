import type { Classification } from '../classify/classification.types.js';
import { escalationRequired } from '../dispatch/escalation.js';
import type { EscalationRequired } from '../ladder/event.types.js';
import type { TaskSpec } from '../taskspec/taskspec.types.js';
import { type Tier, tierRank } from '../tier.js';
import { rulesAbove } from './deciding-rules.js';

/** The stuck guard's answer for one task and its work in progress. */
export interface EscalationCheck {
  readonly task: string;
  readonly tier: Tier;
  /** The tier of the work in progress under the policy. */
  readonly workTier: Tier;
  /** True when the work is above the task's tier: the agent stops and a human decides. */
  readonly escalate: boolean;
  /** The rules and files that raised the work above the task's tier (empty otherwise). */
  readonly rules: readonly string[];
  readonly surfaces: readonly string[];
  /** The EscalationRequired event to record, when escalating. */
  readonly event: EscalationRequired | null;
}

/**
 * The stuck guard: the work in progress of `task`, classified (`work`), must stay within the
 * task's tier. Above it, the answer carries the EscalationRequired event with the discovery
 * context (the rules that raised it and their files): an agent never exceeds its tier
 * silently. An unknown fact counts as raising (the classifier already folds it into the tier).
 */
export function checkEscalation(
  task: TaskSpec,
  work: Classification,
  context: { readonly agent: string; readonly at: string },
): EscalationCheck {
  const escalate = tierRank(work.tier) > tierRank(task.tier);
  if (!escalate)
    return {
      task: task.id,
      tier: task.tier,
      workTier: work.tier,
      escalate,
      rules: [],
      surfaces: [],
      event: null,
    };
  const { rules, surfaces } = rulesAbove(work, task.tier);
  const files =
    surfaces.length > 0 ? surfaces.slice(0, 10).join(', ') : 'no file (policy default or missing facts)';
  const base = escalationRequired(task, {
    agent: context.agent,
    at: context.at,
    requiredTier: work.tier,
    context:
      `the work in progress classifies as ${work.tier} under ${work.policy.name} (${rules.join(', ') || 'policy default'}): ${files}`.slice(
        0,
        4096,
      ),
  });
  const event: EscalationRequired = { ...base, trigger: 'discovered', rules, surfaces, policy: work.policy };
  return { task: task.id, tier: task.tier, workTier: work.tier, escalate, rules, surfaces, event };
}
