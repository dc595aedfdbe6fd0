import type { RemediationRequested } from '../ladder/event.types.js';
import type { RemediationDecision } from './decide.js';
import type { RemediationRequest } from './remediation-request.js';

/**
 * The ledger event a pipeline records for a request and the ladder's decision on it: the
 * request as given (parameters and alignment included) and the one outcome with its reasons.
 */
export function requestedEvent(
  agent: string,
  r: RemediationRequest,
  d: RemediationDecision,
): RemediationRequested {
  return {
    type: 'RemediationRequested',
    agent,
    at: r.at,
    requestId: r.requestId,
    fingerprint: r.fingerprint,
    workflow: r.workflow,
    ...(r.parameters ? { parameters: r.parameters } : {}),
    target: r.target,
    environment: r.environment,
    confidence: r.confidence,
    ...(r.alignment ? { alignment: r.alignment } : {}),
    ...(r.approvalExpiry ? { approvalExpiry: r.approvalExpiry } : {}),
    outcome: d.outcome,
    level: d.level,
    scope: d.scope,
    reasons: d.reasons,
    ...(d.expiresAt ? { expiresAt: d.expiresAt } : {}),
    ...(d.suppressedUntil ? { suppressedUntil: d.suppressedUntil } : {}),
    ...(d.approval
      ? { approval: { requireApproval: d.approval.requireApproval, reasons: [...d.approval.reasons] } }
      : {}),
  };
}
