import { TrustladderError } from '../errors.js';
import type { EscalationRequired } from '../ladder/event.types.js';
import { validateEvent } from '../ladder/validate-event.js';
import type { TaskSpec } from '../taskspec/taskspec.types.js';
import type { Tier } from '../tier.js';

/**
 * The event an agent emits when its task turns out larger than its tier: it cannot exceed its
 * tier silently. Record it in the ledger; the orchestrator routes it to a human. Throws
 * INVALID_INPUT unless requiredTier is above the task's tier and the rest is a valid event.
 */
export function escalationRequired(
  task: TaskSpec,
  found: {
    readonly agent: string;
    readonly at: string;
    readonly requiredTier: Tier;
    readonly context: string;
  },
): EscalationRequired {
  const event: EscalationRequired = {
    type: 'EscalationRequired',
    at: found.at,
    agent: found.agent,
    taskId: task.id,
    taskClass: task.task_class,
    tier: task.tier,
    requiredTier: found.requiredTier,
    context: found.context,
  };
  const valid = validateEvent(event);
  if (!valid.ok)
    throw new TrustladderError('INVALID_INPUT', 'not a valid escalation', { issues: valid.issues });
  return event;
}
