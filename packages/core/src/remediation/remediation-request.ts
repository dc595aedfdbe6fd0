import { fail, type Issue, ok, type Result } from '../issues.js';
import type { RemediationTarget } from '../ladder/event.types.js';
import { parseInstant } from '../ladder/instant.js';
import { validateAgainst } from '../load/index.js';
import { HOUR_US, MINUTE_US, parseRemediationDuration } from './duration.js';

/** A proposed remediation (schemas/remediation-request.schema.json). */
export interface RemediationRequest {
  readonly requestId: string;
  /** When it was made: the only clock the ladder reads. */
  readonly at: string;
  readonly fingerprint: string;
  readonly workflow: string;
  readonly parameters?: Readonly<Record<string, string>>;
  readonly target: RemediationTarget;
  readonly environment: string;
  readonly confidence: number;
  readonly alignment?: 'aligned' | 'misaligned';
  readonly approvalExpiry?: string;
  readonly detected_labels?: Readonly<Record<string, unknown>>;
}

/** Validates an untrusted request: the schema, then a real instant. Every issue is gathered. */
export function validateRemediationRequest(value: unknown): Result<RemediationRequest> {
  const issues: Issue[] = [...validateAgainst('remediation-request', value)];
  if (issues.length > 0) return fail(issues);
  const request = value as RemediationRequest;
  if (parseInstant(request.at) === undefined)
    issues.push({
      code: 'invalid_instant',
      path: '/at',
      message: 'is not a real UTC instant (1970 or later)',
    });
  if (request.approvalExpiry !== undefined) {
    const us = parseRemediationDuration(request.approvalExpiry) as number;
    if (us < MINUTE_US || us > 168 * HOUR_US)
      issues.push({ code: 'duration_out_of_range', path: '/approvalExpiry', message: 'is outside 1m..168h' });
  }
  return issues.length > 0 ? fail(issues) : ok(request);
}

/** The approval policy's input (schemas/approval-input.schema.json) for a request. */
export function approvalInputOf(request: RemediationRequest): Record<string, unknown> {
  return {
    environment: request.environment,
    namespace: request.target.namespace,
    remediation_target: {
      kind: request.target.kind,
      name: request.target.name,
      namespace: request.target.namespace,
    },
    confidence: request.confidence,
    workflow: request.workflow,
    detected_labels: request.detected_labels ?? {},
  };
}
