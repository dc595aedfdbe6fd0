import { fail, type Issue, ok, type Result } from '../issues.js';
import { validateAgainst } from '../load/index.js';
import { identifierIssues } from '../text/identifier.js';
import { tierRank } from '../tier.js';
import { DERIVED_EVENT_TYPES, type LedgerEvent } from './event.types.js';
import { parseInstant } from './instant.js';
import type { TrustLadder } from './trust-ladder.types.js';
import { loneSurrogateIssues } from './well-formed-strings.js';

/** Fields the store assigns; an event to record must not carry them. */
export const STORED_FIELDS = ['id', 'seq', 'prev', 'hash', 'batchEnd'] as const;

export interface ValidateEventOptions {
  /**
   * `input` (default): an event to record, which must be an orchestrator's or a human's event
   * without store fields. `stored`: an event read back from a store.
   */
  readonly mode?: 'input' | 'stored';
  /** When given, a CeilingSet above its maxAutoCeiling is refused. */
  readonly ladder?: TrustLadder;
}

/**
 * Validates one ledger event: schema (schemas/ledger-event.schema.json), a real calendar
 * instant, and the per-type rules. Every issue is gathered; pointers are into the event.
 * The value is untrusted input: nothing about it is assumed before the schema passed.
 */
export function validateEvent(value: unknown, options: ValidateEventOptions = {}): Result<LedgerEvent> {
  const issues: Issue[] = [
    ...identifierFieldIssues(value),
    ...validateAgainst('ledger-event', value),
    ...loneSurrogateIssues(value),
  ];
  if (issues.length > 0) return fail(issues);
  const event = value as LedgerEvent & Record<string, unknown>;
  if (parseInstant(event.at) === undefined)
    issues.push({
      code: 'invalid_instant',
      path: '/at',
      message: 'is not a real UTC instant (1970 or later)',
    });
  if ((options.mode ?? 'input') === 'input') {
    if (DERIVED_EVENT_TYPES.has(event.type))
      issues.push({
        code: 'derived_event',
        path: '/type',
        message: `${event.type} is written by the engine only`,
      });
    for (const field of STORED_FIELDS) {
      if (field in event)
        issues.push({
          code: 'assigned_by_ledger',
          path: `/${field}`,
          message: 'is assigned by the ledger, not the writer',
        });
    }
  }
  switch (event.type) {
    case 'CeilingSet':
      if (options.ladder && tierRank(event.tier) > tierRank(options.ladder.maxAutoCeiling))
        issues.push({
          code: 'above_max_auto_ceiling',
          path: '/tier',
          message: `is above the ladder's maxAutoCeiling ${options.ladder.maxAutoCeiling}`,
        });
      break;
    case 'EscalationRequired':
      if (tierRank(event.requiredTier) <= tierRank(event.tier))
        issues.push({
          code: 'not_an_escalation',
          path: '/requiredTier',
          message: `must be above tier ${event.tier}`,
        });
      break;
    case 'ClassificationDisagreed':
      if (event.recordedTier === event.currentTier)
        issues.push({ code: 'no_disagreement', path: '/currentTier', message: 'equals recordedTier' });
      break;
    case 'ApprovalFlagged':
      if (
        event.kind === 'admission' &&
        event.by !== undefined &&
        event.flags.includes('admission-without-approval')
      )
        issues.push({
          code: 'approver_on_unapproved',
          path: '/by',
          message: 'an admission without an approval has no approver',
        });
      break;
    case 'RemediationRequested':
    case 'RemediationDecided':
    case 'RemediationAssessed':
    case 'RemediationLevelMoved':
    case 'TrustLevelSet':
      // Their own rules (a decision on a pending request, a move that moves) are checked by
      // the remediation and trust-level folds, which know the history.
      break;
    case 'CeilingPromoted':
    case 'CeilingDemoted':
    case 'CeilingReset':
    case 'RunProgressed':
    case 'RunCompleted':
    case 'ModelChanged':
    case 'DriftDetected':
      break;
    default:
      return unreachable(event);
  }
  return issues.length > 0 ? fail(issues) : ok(event as LedgerEvent);
}

// The names that make a subject or say who acted: one with an invisible or bidi character
// would be a second subject that looks like the first (a ModelChanged for `dev-\u200be`
// resets nobody's `dev-e`). The schema's name pattern refuses them too; this names why.
const IDENTIFIER_FIELDS = ['agent', 'taskClass', 'by'] as const;

function identifierFieldIssues(value: unknown): Issue[] {
  if (value === null || typeof value !== 'object') return [];
  return IDENTIFIER_FIELDS.flatMap((field) => {
    const text = (value as Record<string, unknown>)[field];
    return typeof text === 'string' ? identifierIssues(text, `/${field}`) : [];
  });
}

function unreachable(x: never): never {
  throw new Error(`unhandled event type ${JSON.stringify(x)}`);
}
