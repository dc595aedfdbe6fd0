import { describe, expect, test } from 'vitest';
import type { RemediationLevelName } from '../ladder/event.types.js';
import { type Instant, parseInstant } from '../ladder/instant.js';
import type { ApprovalDecision } from '../wasm/approval.types.js';
import { askPolicy, type DecisionContext, decideRemediation } from './decide.js';
import type { RemediationRequest } from './remediation-request.js';
import { request, starterPolicy, testLadder } from './testing/remediation-fixtures.js';

// Each outcome of decideRemediation whole: the outcome, the entry and level it came from, the
// reasons it gives and the times it sets. A decision explains itself, so its reasons are part
// of what is decided (the pipeline records them and a human reads them), and are pinned here.

const ladder = testLadder();
const instant = (text: string): Instant => parseInstant(text) ?? expect.unreachable(text);

// A history with every entry at the level given (or its file level) and one fingerprint held.
function context(levels: Record<string, RemediationLevelName> = {}, holds: Record<string, string> = {}) {
  const fileLevel = new Map([...ladder.entries.values()].map((e) => [e.scope, e.level]));
  const ctx: DecisionContext = {
    ladder,
    levelOf: (scope) => levels[scope] ?? fileLevel.get(scope) ?? ladder.defaultLevel,
    holdOf: (fingerprint) => (holds[fingerprint] === undefined ? undefined : instant(holds[fingerprint])),
  };
  return ctx;
}

const answer =
  (decision: ApprovalDecision | undefined) =>
  (_: RemediationRequest): ApprovalDecision | undefined =>
    decision;
const requires: ApprovalDecision = { requireApproval: true, reasons: ['production environment'] };
const clears: ApprovalDecision = { requireApproval: false, reasons: [] };

describe('decideRemediation: alignment first', () => {
  test('a misaligned request needs manual review, and says the shadow agent disagrees', () => {
    expect(decideRemediation(context(), request({ alignment: 'misaligned' }), answer(clears))).toEqual({
      outcome: 'ManualReviewRequired',
      level: 'approve',
      scope: 'restart-pod-v1',
      reasons: ['the shadow agent does not agree with the selected remediation'],
    });
  });

  test('a request with no alignment verdict needs manual review (fail closed), even at automate', () => {
    const { alignment: _, ...noVerdict } = request();
    expect(
      decideRemediation(
        context({ 'restart-pod-v1': 'automate' }),
        noVerdict as RemediationRequest,
        undefined,
      ),
    ).toEqual({
      outcome: 'ManualReviewRequired',
      level: 'automate',
      scope: 'restart-pod-v1',
      reasons: ['no shadow-agent alignment verdict: manual review is required (fail closed)'],
    });
  });
});

describe("decideRemediation: a dry run's hold", () => {
  const held = context({ 'restart-pod-v1': 'automate' }, { 'fp-1': '2026-05-01T10:00:00.000001Z' });

  test('a fingerprint held past the request is suppressed until the hold ends', () => {
    expect(decideRemediation(held, request(), undefined)).toEqual({
      outcome: 'Suppressed',
      level: 'automate',
      scope: 'restart-pod-v1',
      suppressedUntil: '2026-05-01T10:00:00.000001Z',
      reasons: ["fingerprint fp-1 is in a dry run's hold period until 2026-05-01T10:00:00.000001Z"],
    });
  });

  test('at the instant the hold ends, and for another fingerprint, the level decides', () => {
    expect(decideRemediation(held, request({ at: '2026-05-01T10:00:00.000001Z' }), undefined).outcome).toBe(
      'Execute',
    );
    expect(decideRemediation(held, request({ fingerprint: 'fp-2' }), undefined).outcome).toBe('Execute');
  });
});

describe('decideRemediation: the level', () => {
  test('observe dry-runs and holds the fingerprint for the hold period', () => {
    expect(decideRemediation(context({ 'restart-pod-v1': 'observe' }), request(), answer(clears))).toEqual({
      outcome: 'DryRun',
      level: 'observe',
      scope: 'restart-pod-v1',
      suppressedUntil: '2026-05-01T11:00:00Z',
      reasons: ['restart-pod-v1 is at observe: nothing executes'],
    });
  });

  test('observe dry-runs a graduated workflow too: graduation only matters at selective', () => {
    expect(
      decideRemediation(
        context({ 'rollback-v1': 'observe' }),
        request({ workflow: 'rollback-v1' }),
        answer(clears),
      ),
    ).toEqual({
      outcome: 'DryRun',
      level: 'observe',
      scope: 'rollback-v1',
      suppressedUntil: '2026-05-01T11:00:00Z',
      reasons: ['rollback-v1 is at observe: nothing executes'],
    });
  });

  test('selective dry-runs a workflow that is not graduated', () => {
    expect(decideRemediation(context(), request({ workflow: 'scale-v1' }), answer(clears))).toEqual({
      outcome: 'DryRun',
      level: 'selective',
      scope: 'scale-v1',
      suppressedUntil: '2026-05-01T11:00:00Z',
      reasons: ['scale-v1 is at selective and scale-v1 is not graduated'],
    });
  });

  test('selective asks the policy about a graduated workflow', () => {
    expect(decideRemediation(context(), request({ workflow: 'rollback-v1' }), answer(clears))).toEqual({
      outcome: 'Execute',
      level: 'selective',
      scope: 'rollback-v1',
      approval: clears,
      reasons: [
        'rollback-v1 is at selective and rollback-v1 is graduated',
        'the approval policy requires no approval',
      ],
    });
  });

  test('approve waits for an approval the policy requires, until the expiry', () => {
    expect(decideRemediation(context(), request(), answer(requires))).toEqual({
      outcome: 'AwaitingApproval',
      level: 'approve',
      scope: 'restart-pod-v1',
      approval: requires,
      expiresAt: '2026-05-01T10:15:00Z',
      reasons: ['restart-pod-v1 is at approve', 'approval required: production environment'],
    });
  });

  test('automate executes without asking the policy', () => {
    const never = () => expect.unreachable('automate asks no policy');
    expect(decideRemediation(context({ 'restart-pod-v1': 'automate' }), request(), never)).toEqual({
      outcome: 'Execute',
      level: 'automate',
      scope: 'restart-pod-v1',
      reasons: ['restart-pod-v1 is at automate'],
    });
  });
});

describe('decideRemediation: a policy that does not answer requires approval (fail closed)', () => {
  test('no policy, or no answer, requires approval', () => {
    for (const approval of [undefined, answer(undefined)])
      expect(decideRemediation(context(), request(), approval)).toEqual({
        outcome: 'AwaitingApproval',
        level: 'approve',
        scope: 'restart-pod-v1',
        approval: {
          requireApproval: true,
          reasons: ['no approval policy decision: approval is required (fail closed)'],
        },
        expiresAt: '2026-05-01T10:15:00Z',
        reasons: [
          'restart-pod-v1 is at approve',
          'approval required: no approval policy decision: approval is required (fail closed)',
        ],
      });
  });

  test('a policy that throws requires approval', () => {
    const throwing = () => {
      throw new Error('wasm trap');
    };
    expect(decideRemediation(context(), request(), throwing)).toMatchObject({
      outcome: 'AwaitingApproval',
      approval: {
        requireApproval: true,
        reasons: ['the approval policy failed: approval is required (fail closed)'],
      },
    });
  });
});

describe('decideRemediation: its input', () => {
  test('a request without a valid instant is a bug, not a decision, even when alignment would decide', () => {
    // Requests are validated before they are decided: one that reaches here with a bad time
    // must surface, never be answered (a manual review would hide the bug).
    expect(() =>
      decideRemediation(context(), request({ at: '2026-05-01 10:00', alignment: 'misaligned' }), undefined),
    ).toThrow(Error);
  });
});

describe('askPolicy', () => {
  test('asks the decider about the approval input of the request', () => {
    expect(askPolicy(starterPolicy)(request({ confidence: 0.5 }))).toEqual({
      requireApproval: true,
      reasons: ['production environment', 'confidence below 0.8'],
    });
  });
});
