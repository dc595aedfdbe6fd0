import type { Tier } from '../tier.js';

export type RefusalCode =
  | 'tier_mismatch' // the spec's tier is not the policy's classification
  | 'assigned_elsewhere' // the spec is assigned to another agent
  | 'ceiling_mismatch' // the spec's ceiling_tier is not the ledger's
  | 'above_ceiling' // the task's tier is above the agent's ceiling for the class
  | 'interface_approval_missing' // T2 without a human interface approval
  | 'cosign_missing' // T3 without a human co-sign
  | 'driver_missing' // T3 without a human driver (a verified co-sign names one)
  | 'driver_mismatch' // the task names another driver than the verified co-sign's human
  | 'approver_not_human' // an approval or the driver names the agent, or another agent
  | 'approval_unverified' // no verifier, or it rejected an approval, or the approval names another human
  | 'assist_needs_top_ceiling' // T3 assistance needs the class's top automatic ceiling
  | 'observer_missing'; // a novel (agent, task class) run without a named human observer

export interface RefusalReason {
  readonly code: RefusalCode;
  readonly message: string;
}

/** The dispatch gate's answer for one task and one agent. */
export interface DispatchDecision {
  readonly allowed: boolean;
  readonly task: string;
  readonly agent: string;
  readonly taskClass: string;
  /** The tier the gate applied: the spec's, or the policy's when that is higher. */
  readonly tier: Tier;
  /** The agent's ceiling for the task class, from the ledger. */
  readonly ceiling: Tier;
  /** `drive`: the agent does the task; `assist`: a human drives a T3 task, the agent helps. */
  readonly role: 'drive' | 'assist';
  /** The human who drives a T3 task: the approver of its verified co-sign. */
  readonly driver: string | null;
  /** The policy's classification, when a policy was given. */
  readonly classification: {
    readonly tier: Tier;
    readonly policy: { readonly name: string; readonly digest: string };
  } | null;
  /** Empty when allowed. */
  readonly reasons: readonly RefusalReason[];
}
