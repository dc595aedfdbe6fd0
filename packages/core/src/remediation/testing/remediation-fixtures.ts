import type { LedgerEvent, RemediationRequested } from '../../ladder/event.types.js';
import type { ApprovalDecision } from '../../wasm/approval.types.js';
import type { ApprovalDecider, RemediationDecision } from '../decide.js';
import { loadRemediationLadder } from '../load-remediation-ladder.js';
import type { RemediationLadder } from '../remediation-ladder.types.js';
import type { RemediationRequest } from '../remediation-request.js';
import type { RemediationState } from '../remediation-state.js';
import { requestedEvent } from '../requested-event.js';

// Test fixtures: a small ladder, requests, and a stand-in for the approval Rego with its
// starter semantics (production or low confidence requires approval).

export const LADDER_YAML = `
apiVersion: trustladder.dev/v1
kind: RemediationLadder
metadata: { name: test }
agent: kubernaut
holdPeriod: 1h
approval:
  defaultExpiry: 15m
  namespaces: { payments: 30m }
graduation:
  promote: { dryRuns: 3, approvals: 2, assessments: 2, effectiveness: 0.8 }
  demote: { rejections: 2, effectiveness: 0.5, manualReviews: 2 }
workflows:
  - { workflow: restart-pod-v1, level: approve }
  - { workflow: restart-pod-v1, environment: Staging, level: automate }
  - { workflow: restart-pod-v1, namespace: payments, level: approve, approvalExpiry: 20m }
  - { workflow: restart-pod-v1, namespace: payments, environment: staging, level: selective }
  - { workflow: rollback-v1, level: selective, graduated: true }
  - { workflow: scale-v1, level: selective }
  - { workflow: memory-v1, level: observe, automaticMoves: true, maxAutoLevel: selective }
`;

export function testLadder(yaml = LADDER_YAML): RemediationLadder {
  return loadRemediationLadder(yaml, { source: 'test.yaml' });
}

export const starterPolicy: ApprovalDecider = {
  evaluate(input: unknown): ApprovalDecision {
    const i = input as { environment?: string; confidence?: number };
    const reasons: string[] = [];
    if (i.environment?.toLowerCase() === 'production') reasons.push('production environment');
    if (typeof i.confidence !== 'number' || i.confidence < 0.8) reasons.push('confidence below 0.8');
    return { requireApproval: reasons.length > 0, reasons };
  },
};

export function request(over: Partial<RemediationRequest> = {}): RemediationRequest {
  return {
    requestId: 'r1',
    at: '2026-05-01T10:00:00Z',
    fingerprint: 'fp-1',
    workflow: 'restart-pod-v1',
    target: { kind: 'Deployment', name: 'api', namespace: 'shop' },
    environment: 'production',
    confidence: 0.9,
    alignment: 'aligned',
    ...over,
  };
}

/** The event a pipeline records for a request and its decision. */
export function requested(
  r: RemediationRequest,
  d: RemediationDecision,
  agent = 'kubernaut',
): RemediationRequested {
  return requestedEvent(agent, r, d);
}

/** Decides a request on the state, applies the event, and returns the decision. */
export function submit(
  state: RemediationState,
  r: RemediationRequest,
  policy: ApprovalDecider = starterPolicy,
): RemediationDecision {
  const d = state.decide(r, policy);
  state.apply({ ...requested(r, d), id: `ev-${r.requestId}` });
  return d;
}

export function decided(
  requestId: string,
  decision: 'Approved' | 'Rejected' | 'Expired' | 'Superseded',
  at: string,
  by = 'alice',
): LedgerEvent {
  return { type: 'RemediationDecided', agent: 'kubernaut', at, requestId, decision, by };
}
