export { auditApprovals } from './approval-audit.js';
export type {
  Admission,
  ApprovalAuditReport,
  ApprovalAuditSettings,
  ApprovalFinding,
  AuditedApproval,
  UnverifiedApproval,
} from './approval-audit.types.js';
export { DEFAULT_APPROVAL_AUDIT_SETTINGS } from './approval-audit.types.js';
export { decidingRules, rulesAbove } from './deciding-rules.js';
export type { EscalationCheck } from './escalation-check.js';
export { checkEscalation } from './escalation-check.js';
export type { PolicyDiff, PolicyDiffRow } from './policy-diff.js';
export { diffPolicies } from './policy-diff.js';
export { admissionsFromPolicyReports } from './policy-report-admissions.js';
export type { Stall, StallOptions } from './stalls.js';
export { findStalls } from './stalls.js';
