// The remediation approval policy's data (schemas/approval-data.schema.json) and decision
// (schemas/approval-result.schema.json).

export interface ApprovalData {
  /** Production environment names, compared case-insensitively. */
  readonly productionEnvironments: readonly string[];
  /** Kinds whose remediation always requires approval, compared case-insensitively. */
  readonly sensitiveKinds: readonly string[];
  /** A confidence strictly below this requires approval. */
  readonly confidenceThreshold: number;
  /** Workflows that may run in production without approval when nothing else requires it. */
  readonly trustedProductionWorkflows: readonly string[];
}

export interface ApprovalDecision {
  readonly requireApproval: boolean;
  /** Why approval is required, sorted; empty exactly when it is not. */
  readonly reasons: readonly string[];
}
