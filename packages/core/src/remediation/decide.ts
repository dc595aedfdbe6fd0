import type { RemediationLevelName, RemediationOutcome } from '../ladder/event.types.js';
import { addMicros, compareInstants, formatInstant, type Instant, parseInstant } from '../ladder/instant.js';
import type { ApprovalDecision } from '../wasm/approval.types.js';
import { parseRemediationDuration } from './duration.js';
import type { RemediationEntry, RemediationLadder } from './remediation-ladder.types.js';
import { approvalInputOf, type RemediationRequest } from './remediation-request.js';
import { resolveEntry } from './scope.js';

/** Anything that answers like the approval Rego (createApprovalEvaluator). */
export interface ApprovalDecider {
  evaluate(input: unknown): ApprovalDecision;
}

/** What the decision needs from the history. */
export interface DecisionContext {
  readonly ladder: RemediationLadder;
  /** The level of a ladder entry now (its file level, or where moves took it). */
  levelOf(scope: string): RemediationLevelName;
  /** Until when a fingerprint is suppressed by a dry run, if it is. */
  holdOf(fingerprint: string): Instant | undefined;
}

/** The one outcome of a request, with why. */
export interface RemediationDecision {
  readonly outcome: RemediationOutcome;
  readonly level: RemediationLevelName;
  readonly scope: string;
  readonly reasons: readonly string[];
  readonly expiresAt?: string;
  readonly suppressedUntil?: string;
  readonly approval?: ApprovalDecision;
}

/**
 * Decides a request, in this order: an alignment check that failed or was not made requires
 * manual review (whatever the level and policy say); a fingerprint in a dry run's hold period
 * is suppressed; then the level: observe dry-runs, selective dry-runs all but graduated
 * workflows, approve asks the approval policy, automate executes. Where the policy is asked,
 * `approval` answers: a function of the request (the Rego in WASM) or a recorded decision. A
 * policy that fails, or no answer, requires approval. Time is the request's `at` only.
 */
export function decideRemediation(
  ctx: DecisionContext,
  request: RemediationRequest,
  approval: ((request: RemediationRequest) => ApprovalDecision | undefined) | undefined,
): RemediationDecision {
  const entry = resolveEntry(ctx.ladder, request.workflow, request.target.namespace, request.environment);
  const level = ctx.levelOf(entry.scope);
  const base = { level, scope: entry.scope };
  const at = parseInstant(request.at);
  if (at === undefined) throw new Error(`unreachable: request ${request.requestId} has no valid instant`);
  if (request.alignment !== 'aligned')
    return {
      ...base,
      outcome: 'ManualReviewRequired',
      reasons: [
        request.alignment === 'misaligned'
          ? 'the shadow agent does not agree with the selected remediation'
          : 'no shadow-agent alignment verdict: manual review is required (fail closed)',
      ],
    };
  const hold = ctx.holdOf(request.fingerprint);
  if (hold !== undefined && compareInstants(at, hold) < 0)
    return {
      ...base,
      outcome: 'Suppressed',
      suppressedUntil: formatInstant(hold),
      reasons: [
        `fingerprint ${request.fingerprint} is in a dry run's hold period until ${formatInstant(hold)}`,
      ],
    };
  const dryRun = (why: string): RemediationDecision => ({
    ...base,
    outcome: 'DryRun',
    suppressedUntil: formatInstant(addMicros(at, ctx.ladder.holdUs)),
    reasons: [why],
  });
  switch (level) {
    case 'observe':
      return dryRun(`${entry.scope} is at observe: nothing executes`);
    case 'selective':
      if (!entry.graduated)
        return dryRun(`${entry.scope} is at selective and ${request.workflow} is not graduated`);
      return gate(ctx, entry, request, at, approval, base, [
        `${entry.scope} is at selective and ${request.workflow} is graduated`,
      ]);
    case 'approve':
      return gate(ctx, entry, request, at, approval, base, [`${entry.scope} is at approve`]);
    case 'automate':
      return { ...base, outcome: 'Execute', reasons: [`${entry.scope} is at automate`] };
    default:
      return unreachable(level);
  }
}

function gate(
  ctx: DecisionContext,
  entry: RemediationEntry,
  request: RemediationRequest,
  at: Instant,
  approval: ((request: RemediationRequest) => ApprovalDecision | undefined) | undefined,
  base: { level: RemediationLevelName; scope: string },
  why: string[],
): RemediationDecision {
  let decision: ApprovalDecision;
  try {
    decision = approval?.(request) ?? {
      requireApproval: true,
      reasons: ['no approval policy decision: approval is required (fail closed)'],
    };
  } catch {
    decision = {
      requireApproval: true,
      reasons: ['the approval policy failed: approval is required (fail closed)'],
    };
  }
  if (!decision.requireApproval)
    return {
      ...base,
      outcome: 'Execute',
      approval: decision,
      reasons: [...why, 'the approval policy requires no approval'],
    };
  const expiresAt = formatInstant(addMicros(at, expiryUs(ctx.ladder, entry, request)));
  return {
    ...base,
    outcome: 'AwaitingApproval',
    approval: decision,
    expiresAt,
    reasons: [...why, ...decision.reasons.map((r) => `approval required: ${r}`)],
  };
}

/** The approval expiry: the request's, else its entry's, else its namespace's, else the ladder's (15m). */
export function expiryUs(
  ladder: RemediationLadder,
  entry: RemediationEntry,
  request: RemediationRequest,
): number {
  const own =
    request.approvalExpiry === undefined ? undefined : parseRemediationDuration(request.approvalExpiry);
  return (
    own ??
    entry.approvalExpiryUs ??
    ladder.namespaceExpiryUs.get(request.target.namespace) ??
    ladder.defaultExpiryUs
  );
}

/** The approval policy asked about a request, for decideRemediation. */
export function askPolicy(decider: ApprovalDecider): (request: RemediationRequest) => ApprovalDecision {
  return (request) => decider.evaluate(approvalInputOf(request));
}

function unreachable(x: never): never {
  throw new Error(`unhandled level ${String(x)}`);
}
