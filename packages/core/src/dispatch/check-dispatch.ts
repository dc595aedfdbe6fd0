import type { CompiledPolicy } from '../classify/compiled.types.js';
import { TrustladderError } from '../errors.js';
import type { Issue } from '../issues.js';
import type { LedgerProjection } from '../ladder/projection.js';
import { classifyTaskSpec } from '../taskspec/classify-taskspec.js';
import { assertTaskSpec } from '../taskspec/load-taskspec.js';
import type { Approval, TaskSpec } from '../taskspec/taskspec.types.js';
import { identifierIssues, sameName } from '../text/identifier.js';
import { maxTier, type Tier, tierRank } from '../tier.js';
import type { DispatchDecision, RefusalReason } from './dispatch.types.js';
import { novelClassRefusals } from './novel-class.js';

/**
 * Verifies an approval's evidence as an attestation bound to the task (the `@trustladder/attest`
 * verifier with policies/attestors.yaml). `approver` is the human identity the verified
 * attestation names: for a T3 co-sign it becomes the task's driver.
 */
export type ApprovalVerifier = (
  kind: 'interface' | 'cosign',
  approval: Approval,
  task: TaskSpec,
  tier: Tier,
) => { readonly ok: true; readonly approver: string } | { readonly ok: false; readonly reason: string };

export interface DispatchContext {
  /** The ledger's fold (its ladder and every subject's ceiling). */
  readonly ledger: LedgerProjection;
  /** The current blast-radius policy: re-classifies the task; a disagreement refuses. */
  readonly policy?: CompiledPolicy;
  /**
   * Verifies approval evidence. Without one, no approval can be checked against a digest, so
   * T2 and T3 tasks are refused (`approval_unverified`); T0 and T1 need none.
   */
  readonly verifyApproval?: ApprovalVerifier;
}

/**
 * The dispatch gate (layer 1): may `agent` take `task`? Refuses above the agent's ceiling for
 * the task class (a class new to the agent is at the ladder's initialCeiling); T2 needs a
 * verified human interface approval; T3 is never driven by an agent: it needs a verified human
 * co-sign, whose human identity is the driver, and the agent only assists. Names compare after
 * NFC and case folding, and a name is human only when it is neither the agent nor any agent
 * of the ledger. Every reason is given, not just the first. Throws INVALID_INPUT for arguments
 * it cannot judge.
 */
export function checkDispatch(task: TaskSpec, agent: string, context: DispatchContext): DispatchDecision {
  checkArguments(task, agent, context);
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
  if (task.assigned_agent !== undefined && !sameName(task.assigned_agent, agent))
    reasons.push({ code: 'assigned_elsewhere', message: `the task is assigned to ${task.assigned_agent}` });
  const ceiling = ledger.ceilingOf(agent, task.task_class);
  if (task.ceiling_tier !== undefined && task.ceiling_tier !== ceiling)
    reasons.push({
      code: 'ceiling_mismatch',
      message: `the task says ceiling ${task.ceiling_tier} but the ledger gives ${agent} ${ceiling} on ${task.task_class}`,
    });
  // Every agent the ledger knows, not only the loaded subjects: a projection read for one agent
  // must still tell every other agent from a human.
  const agents = ledger.knownAgents();
  const isHuman = (name: string) => !sameName(name, agent) && !agents.some((a) => sameName(a, name));
  // Checks one approval; returns the verified approver, or undefined after giving the reason.
  const approval = (kind: 'interface' | 'cosign', missing: RefusalReason): string | undefined => {
    const a = task.approvals?.[kind];
    if (a === undefined) {
      reasons.push(missing);
      return undefined;
    }
    if (!isHuman(a.by))
      reasons.push({
        code: 'approver_not_human',
        message: `the ${kind} approval is by ${a.by}, an agent: only a human approves`,
      });
    if (context.verifyApproval === undefined) {
      reasons.push({
        code: 'approval_unverified',
        message: `the ${kind} approval cannot be verified: no attestation verifier was given, and an approval is never taken as recorded`,
      });
      return undefined;
    }
    const verified = context.verifyApproval(kind, a, task, tier);
    if (!verified.ok) {
      reasons.push({
        code: 'approval_unverified',
        message: `the ${kind} approval's evidence does not verify: ${verified.reason}`,
      });
      return undefined;
    }
    if (!sameName(verified.approver, a.by))
      reasons.push({
        code: 'approval_unverified',
        message: `the ${kind} approval says ${a.by}, but the verified attestation was approved by ${verified.approver}`,
      });
    if (!isHuman(verified.approver)) {
      reasons.push({
        code: 'approver_not_human',
        message: `the verified ${kind} approver ${verified.approver} is an agent: only a human approves`,
      });
      return undefined;
    }
    return verified.approver;
  };
  let role: DispatchDecision['role'] = 'drive';
  let driver: string | null = null;
  if (tier === 'T3') {
    role = 'assist';
    const approver = approval('cosign', {
      code: 'cosign_missing',
      message: 'T3 work needs a human co-sign on this instance',
    });
    if (task.human_driver !== undefined && !isHuman(task.human_driver))
      reasons.push({
        code: 'approver_not_human',
        message: `the driver ${task.human_driver} is an agent: a human drives T3 work`,
      });
    else if (
      approver !== undefined &&
      task.human_driver !== undefined &&
      !sameName(task.human_driver, approver)
    )
      reasons.push({
        code: 'driver_mismatch',
        message: `the task names ${task.human_driver} as driver, but the verified co-sign is by ${approver}: the co-signer drives`,
      });
    if (approver !== undefined) driver = approver;
    else if (!reasons.some((r) => r.code === 'cosign_missing' || r.code === 'approval_unverified'))
      reasons.push({
        code: 'driver_missing',
        message: 'T3 work needs a human driver, taken from a verified co-sign; the agent only assists',
      });
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

function checkArguments(task: TaskSpec, agent: string, context: DispatchContext): void {
  assertTaskSpec(task, 'task');
  const issues: Issue[] = [];
  if (typeof agent !== 'string' || agent === '')
    issues.push({ code: 'required', path: '/agent', message: 'the agent must be a non-empty name' });
  else issues.push(...identifierIssues(agent, '/agent'));
  const ledger = (context as Partial<DispatchContext> | undefined)?.ledger as
    | Partial<LedgerProjection>
    | undefined;
  if (
    typeof ledger?.ceilingOf !== 'function' ||
    typeof ledger.states !== 'function' ||
    typeof ledger.ladder?.maxAutoCeiling !== 'string'
  )
    issues.push({ code: 'required', path: '/context/ledger', message: 'a ledger projection is required' });
  if (context?.verifyApproval !== undefined && typeof context.verifyApproval !== 'function')
    issues.push({ code: 'type', path: '/context/verifyApproval', message: 'must be a function' });
  if (issues.length > 0)
    throw new TrustladderError('INVALID_INPUT', 'the dispatch gate cannot judge these arguments', { issues });
}
