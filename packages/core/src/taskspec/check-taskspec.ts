import type { CompiledPolicy } from '../classify/compiled.types.js';
import type { Issue } from '../issues.js';
import { type Tier, tierRank } from '../tier.js';
import { classifyTaskSpec } from './classify-taskspec.js';
import type { TaskSpec } from './taskspec.types.js';

export interface TaskSpecContext {
  /** The current blast-radius policy: the tier must match its classification. */
  readonly policy?: CompiledPolicy;
  /** The ledger's ceiling for (assigned_agent, task_class): ceiling_tier must match it. */
  readonly ceilingOf?: (agent: string, taskClass: string) => Tier;
}

/**
 * What Conductor-E checks on submission, beyond the schema: the tier is the classification of
 * the task's change under the current policy; ceiling_tier is the ledger's; the tier does not
 * exceed the ceiling. Returns every problem (empty when none), with pointers into the spec.
 */
export function checkTaskSpec(spec: TaskSpec, context: TaskSpecContext = {}): Issue[] {
  const issues: Issue[] = [];
  if (context.policy) {
    const c = classifyTaskSpec(context.policy, spec);
    if (c.tier !== spec.tier)
      issues.push({
        code: 'tier_mismatch',
        path: '/tier',
        message: `is ${spec.tier} but the policy "${c.policy.name}" classifies the task's ${spec.change === undefined ? 'surfaces' : 'change'} as ${c.tier}`,
      });
  }
  if (spec.ceiling_tier !== undefined) {
    if (spec.assigned_agent === undefined)
      issues.push({
        code: 'ceiling_without_agent',
        path: '/ceiling_tier',
        message: 'names a ceiling but no assigned_agent',
      });
    else if (context.ceilingOf) {
      const ledger = context.ceilingOf(spec.assigned_agent, spec.task_class);
      if (ledger !== spec.ceiling_tier)
        issues.push({
          code: 'ceiling_mismatch',
          path: '/ceiling_tier',
          message: `is ${spec.ceiling_tier} but the ledger gives ${spec.assigned_agent} ${ledger} on ${spec.task_class}`,
        });
    }
    if (tierRank(spec.tier) > tierRank(spec.ceiling_tier))
      issues.push({
        code: 'above_ceiling',
        path: '/tier',
        message: `${spec.tier} is above ceiling_tier ${spec.ceiling_tier}`,
      });
  }
  return issues;
}
