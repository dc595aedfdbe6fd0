import type { TaskSpec } from '../taskspec/taskspec.types.js';
import { checkDispatch, type DispatchContext } from './check-dispatch.js';
import type { DispatchDecision } from './dispatch.types.js';

/**
 * The assignment filter (GET /assignments/next?agentId=X): the first task of the queue, in
 * queue order, that the gate lets `agent` take; undefined when there is none.
 */
export function nextAssignment(
  queue: Iterable<TaskSpec>,
  agent: string,
  context: DispatchContext,
): { readonly task: TaskSpec; readonly decision: DispatchDecision } | undefined {
  for (const task of queue) {
    const decision = checkDispatch(task, agent, context);
    if (decision.allowed) return { task, decision };
  }
  return undefined;
}
