import type { CompiledPolicy } from '../classify/compiled.types.js';
import type { LedgerProjection } from '../ladder/projection.js';
import { classifyTaskSpec } from '../taskspec/classify-taskspec.js';
import type { Approval, TaskSpec } from '../taskspec/taskspec.types.js';
import { maxTier, type Tier, tierRank } from '../tier.js';
import type { DispatchDecision, RefusalReason } from './dispatch.types.js';
import { novelClassRefusals } from './novel-class.js';

/** Checks an approval's evidence (a Deployments API entry, an attestation). */
export type ApprovalVerifier = (
  kind: 'interface' | 'cosign',
  approval: Approval,
  task: TaskSpec,
) => { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface DispatchContext {
  /** The ledger's fold (its ladder and every subject's ceiling). */
  readonly ledger: LedgerProjection;
  /** The current blast-radius policy: re-classifies the task; a disagreement refuses. */
  readonly policy?: CompiledPolicy;
  /**
   * Verifies approval evidence. Without one, an approval is taken as recorded (named human,
   * time, evidence reference): plug in the attestation verifier to check the evidence itself.
   */
  readonly verifyApproval?: ApprovalVerifier;
}

/**
 * The dispatch gate (layer 1): may `agent` take `task`? Refuses above the agent's ceiling for
 * the task class (a class new to the agent is at the ladder's initialCeiling); T2 needs a
 * human interface approval; T3 is never driven by an agent: it needs a human co-sign and a
 * named human driver, and the agent only assists. Every reason is given, not just the first.
 */
export function checkDispatch(task: TaskSpec, agent: string, context: DispatchContext): DispatchDecision {
  const reasons: RefusalReason[] = [];
  const { ledger } = context;
  let tier: Tier = task.tier;
  let classification: DispatchDecision['classification'] = null;
  if (context.policy) {
    const c = classifyTaskSpec(context.policy, task);
    classification = { tier: c.tier, policy: c.policy };
    if (c.tier !== task.tier)
      reasons.push({
        code: 'tier_mismatch',
        message: `the task says ${task.tier} but the policy classifies it as ${c.tier}: re-specify or escalate`,
      });
    tier = maxTier(task.tier, c.tier);
  }
  if (task.assigned_agent !== undefined && task.assigned_agent !== agent)
    reasons.push({ code: 'assigned_elsewhere', message: `the task is assigned to ${task.assigned_agent}` });
  const ceiling = ledger.ceilingOf(agent, task.task_class);
  if (task.ceiling_tier !== undefined && task.ceiling_tier !== ceiling)
    reasons.push({
      code: 'ceiling_mismatch',
      message: `the task says ceiling ${task.ceiling_tier} but the ledger gives ${agent} ${ceiling} on ${task.task_class}`,
    });
  const isHuman = (name: string) => name !== agent && !ledger.knowsAgent(name);
  const approval = (kind: 'interface' | 'cosign', missing: RefusalReason) => {
    const a = task.approvals?.[kind];
    if (a === undefined) {
      reasons.push(missing);
      return;
    }
    if (!isHuman(a.by))
      reasons.push({
        code: 'approver_not_human',
        message: `the ${kind} approval is by ${a.by}, an agent: only a human approves`,
      });
    const verified = context.verifyApproval?.(kind, a, task);
    if (verified && !verified.ok)
      reasons.push({
        code: 'approval_unverified',
        message: `the ${kind} approval's evidence does not verify: ${verified.reason}`,
      });
  };
  let role: DispatchDecision['role'] = 'drive';
  let driver: string | null = null;
  if (tier === 'T3') {
    role = 'assist';
    approval('cosign', { code: 'cosign_missing', message: 'T3 work needs a human co-sign on this instance' });
    if (task.human_driver === undefined)
      reasons.push({
        code: 'driver_missing',
        message: 'T3 work needs a named human driver; the agent only assists',
      });
    else if (!isHuman(task.human_driver))
      reasons.push({
        code: 'approver_not_human',
        message: `the driver ${task.human_driver} is an agent: a human drives T3 work`,
      });
    else driver = task.human_driver;
    const top = ledger.ladder.maxAutoCeiling;
    if (tierRank(ceiling) < tierRank(top))
      reasons.push({
        code: 'assist_needs_top_ceiling',
        message: `assisting on T3 work needs ceiling ${top} on ${task.task_class}; ${agent} has ${ceiling}`,
      });
  } else {
    if (tierRank(tier) > tierRank(ceiling))
      reasons.push({
        code: 'above_ceiling',
        message: `${tier} is above ${agent}'s ceiling ${ceiling} on ${task.task_class}`,
      });
    if (tier === 'T2')
      approval('interface', {
        code: 'interface_approval_missing',
        message: 'T2 work needs a human interface approval before dispatch',
      });
  }
  reasons.push(...novelClassRefusals(task, agent, ledger, isHuman));
  return {
    allowed: reasons.length === 0,
    task: task.id,
    agent,
    taskClass: task.task_class,
    tier,
    ceiling,
    role,
    driver,
    classification,
    reasons,
  };
}
