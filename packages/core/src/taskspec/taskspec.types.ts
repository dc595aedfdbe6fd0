import type { Tier } from '../tier.js';

// A TaskSpec (schemas/taskspec.schema.json): the fields of seeds/002's TaskSpec, in its
// snake_case, plus the task class, the change, and the human approvals T2 and T3 need.

export interface Approval {
  /** The approving human; never an agent. */
  readonly by: string;
  readonly at: string;
  /** Where the approval is recorded (a Deployments API entry, an attestation bundle). */
  readonly evidence: string;
}

export interface TaskSpec {
  readonly id: string;
  readonly repo: string;
  readonly issue?: number;
  readonly tier: Tier;
  readonly task_class: string;
  readonly blast_radius: {
    readonly reason: string;
    readonly surfaces: readonly string[];
    readonly evaluated_by: string;
    readonly evaluated_at: string;
  };
  /** The change (schemas/change.schema.json) the tier was classified from. */
  readonly change?: unknown;
  readonly acceptance_criteria: readonly string[];
  readonly test_strategy?: { readonly required_coverage_delta?: number; readonly property_tests?: boolean };
  readonly non_goals?: readonly string[];
  readonly expected_effort_tokens?: number;
  readonly assigned_agent?: string;
  readonly ceiling_tier?: Tier;
  readonly approvals?: { readonly interface?: Approval; readonly cosign?: Approval };
  readonly human_driver?: string;
  /** The human observing a run of a novel (agent, task class): its first runs need one. */
  readonly observer?: string;
}
