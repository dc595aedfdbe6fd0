import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { LedgerEvent, RemediationLevelName, RemediationOutcome } from '../ladder/event.types.js';
import { addMicros, compareInstants, formatInstant, type Instant, parseInstant } from '../ladder/instant.js';
import { levelRank } from './remediation-ladder.types.js';
import { approvalInputOf, type RemediationRequest } from './remediation-request.js';
import { RemediationState, type RequestRecord } from './remediation-state.js';
import { requested, starterPolicy, testLadder } from './testing/remediation-fixtures.js';

const numRuns = Number(process.env.TRUSTLADDER_PROP_RUNS ?? 1000);
const seed = Number(process.env.TRUSTLADDER_PROP_SEED ?? 20261122);
const params = { numRuns, seed };

const ladder = testLadder();
const WORKFLOWS = ['restart-pod-v1', 'rollback-v1', 'scale-v1', 'memory-v1', 'unknown-v9'];
const OUTCOMES: RemediationOutcome[] = [
  'DryRun',
  'Suppressed',
  'AwaitingApproval',
  'Execute',
  'ManualReviewRequired',
];
const LEVELS = ['observe', 'selective', 'approve', 'automate'] as const;
const SCOPES = [...ladder.entries.keys()];

// One step of a history: a request (recorded honestly, or with a forged outcome, level, scope,
// approval answer and expiry), a decision on some request by a human or by the pipeline, a
// score, or a move. Steps are minutes apart; anything a writer could put in the log.
const step = fc.oneof(
  fc.record({
    kind: fc.constant('request' as const),
    fingerprint: fc.constantFrom('f1', 'f2', 'f3'),
    workflow: fc.constantFrom(...WORKFLOWS),
    namespace: fc.constantFrom('shop', 'payments'),
    environment: fc.constantFrom('production', 'staging', 'qa'),
    confidence: fc.constantFrom(0.5, 0.79, 0.8, 0.95),
    alignment: fc.constantFrom('aligned', 'aligned', 'misaligned', undefined),
    forged: fc.option(
      fc.record({
        outcome: fc.constantFrom(...OUTCOMES),
        level: fc.constantFrom(...LEVELS),
        scope: fc.constantFrom(...SCOPES),
        requireApproval: fc.boolean(),
        expiresInMinutes: fc.integer({ min: 1, max: 600 }),
      }),
      { nil: undefined },
    ),
    dt: fc.integer({ min: 0, max: 40 }),
  }),
  fc.record({
    kind: fc.constant('decide' as const),
    pick: fc.nat(),
    decision: fc.constantFrom('Approved', 'Rejected', 'Expired', 'Superseded'),
    by: fc.constantFrom('alice', 'bob', 'kubernaut'),
    dt: fc.integer({ min: 0, max: 40 }),
  }),
  fc.record({
    kind: fc.constant('assess' as const),
    pick: fc.nat(),
    score: fc.double({ min: 0, max: 1, noNaN: true }),
    dt: fc.integer({ min: 0, max: 40 }),
  }),
  fc.record({
    kind: fc.constant('move' as const),
    scope: fc.constantFrom(...SCOPES),
    from: fc.constantFrom(...LEVELS),
    to: fc.constantFrom(...LEVELS),
    dt: fc.integer({ min: 0, max: 40 }),
  }),
);

interface Played {
  readonly state: RemediationState;
  readonly requests: Map<string, { request: RemediationRequest; at: Instant; forged: boolean }>;
  readonly ends: Map<string, string>;
}

// Plays the steps into a log and folds it; checks after every event that an ended approval
// request never ends again differently (exactly one end).
let explicitMoves = 0;

function play(steps: readonly Step[], policy: boolean): Played {
  const state = new RemediationState(ladder, policy ? { policy: starterPolicy } : {});
  const requests = new Map<string, { request: RemediationRequest; at: Instant; forged: boolean }>();
  const ids: string[] = [];
  const ends = new Map<string, string>();
  let t: Instant = parseInstant('2026-05-01T00:00:00Z') as Instant;
  let n = 0;
  for (const s of steps) {
    t = addMicros(t, s.dt * 60_000_000);
    const at = formatInstant(t);
    let event: LedgerEvent;
    switch (s.kind) {
      case 'request': {
        const r: RemediationRequest = {
          requestId: `r${++n}`,
          at,
          fingerprint: s.fingerprint,
          workflow: s.workflow,
          target: { kind: 'Deployment', name: 'api', namespace: s.namespace },
          environment: s.environment,
          confidence: s.confidence,
          ...(s.alignment ? { alignment: s.alignment as 'aligned' | 'misaligned' } : {}),
        };
        const honest = state.decide(r, starterPolicy);
        const f = s.forged;
        event = requested(
          r,
          f
            ? {
                outcome: f.outcome,
                level: f.level,
                scope: f.scope,
                reasons: ['forged'],
                expiresAt: formatInstant(addMicros(t, f.expiresInMinutes * 60_000_000)),
                approval: { requireApproval: f.requireApproval, reasons: f.requireApproval ? ['x'] : [] },
              }
            : honest,
        );
        requests.set(r.requestId, { request: r, at: t, forged: f !== undefined });
        ids.push(r.requestId);
        break;
      }
      case 'decide':
        event = {
          type: 'RemediationDecided',
          agent: 'kubernaut',
          at,
          requestId: ids.length === 0 ? 'none' : (ids[s.pick % ids.length] as string),
          decision: s.decision,
          by: s.by,
        };
        break;
      case 'assess':
        event = {
          type: 'RemediationAssessed',
          agent: 'kubernaut',
          at,
          requestId: ids.length === 0 ? 'none' : (ids[s.pick % ids.length] as string),
          score: s.score,
        };
        break;
      case 'move':
        event = {
          type: 'RemediationLevelMoved',
          agent: 'kubernaut',
          at,
          scope: s.scope,
          from: s.from,
          to: s.to,
          by: 'alice',
          reason: 'prop',
        };
        break;
    }
    const before = SCOPES.map((scope) => state.levelOf(scope));
    state.apply({ ...event, id: `e${n}-${at}` });
    // A level moves only by its explicit event, unless its entry opted into automatic moves.
    SCOPES.forEach((scope, i) => {
      const after = state.levelOf(scope);
      if (after === before[i]) return;
      const entry = ladder.entries.get(scope);
      const explicit = event.type === 'RemediationLevelMoved' && event.scope === scope;
      if (entry?.automaticMoves && !explicit) {
        // An automatic move goes one step, and upward never past the entry's maxAutoLevel.
        const from = levelRank(before[i] as RemediationLevelName);
        expect(Math.abs(levelRank(after) - from)).toBe(1);
        if (levelRank(after) > from)
          expect(levelRank(after)).toBeLessThanOrEqual(levelRank(entry.maxAutoLevel));
        return;
      }
      expect(event).toMatchObject({ type: 'RemediationLevelMoved', scope, from: before[i], to: after });
      explicitMoves++;
    });
    for (const r of state.allRequests()) {
      if (r.end === undefined) continue;
      const was = ends.get(r.requestId);
      const now = `${r.end.decision} ${r.end.by} ${r.end.at}`;
      if (was !== undefined) expect(now).toBe(was);
      ends.set(r.requestId, now);
    }
  }
  return { state, requests, ends };
}

// Whole histories (size 'max': the default size keeps them short, and they would rarely
// reach an expiry or a hold period).
const history = fc.array(step, { maxLength: 40, size: 'max' });

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function requiresApproval(r: RemediationRequest): boolean {
  return starterPolicy.evaluate(approvalInputOf(r)).requireApproval;
}

function checkExecution(p: Played): void {
  for (const rec of p.state.allRequests()) {
    const { request } = p.requests.get(rec.requestId) as { request: RemediationRequest };
    if (!rec.executed) continue;
    // Nothing executes at observe, nor an ungraduated workflow at selective.
    expect(rec.level).not.toBe('observe');
    if (rec.level === 'selective') expect(ladder.entries.get(rec.scope)?.graduated).toBe(true);
    // Nothing executes without the alignment check passing.
    expect(request.alignment).toBe('aligned');
    // Where the policy requires approval, only a human's approval before the expiry executes.
    if ((rec.level === 'approve' || rec.level === 'selective') && requiresApproval(request)) {
      expect(rec.end?.decision).toBe('Approved');
      expect(rec.end?.by).not.toBe('kubernaut');
      expect(
        compareInstants(
          parseInstant(rec.end?.at as string) as Instant,
          parseInstant(rec.expiresAt as string) as Instant,
        ),
      ).toBeLessThan(0);
    }
  }
}

describe('remediation ladder properties', () => {
  test('no history lets a request execute at observe, or without approval where the policy requires it', () => {
    let approvedRuns = 0;
    fc.assert(
      fc.property(history, (steps) => {
        const p = play(steps, true);
        checkExecution(p);
        approvedRuns += p.state
          .allRequests()
          .filter((r) => r.executed && r.end?.decision === 'Approved').length;
      }),
      params,
    );
    expect(approvedRuns).toBeGreaterThan(0);
  });

  test('with recorded policy answers, a forged outcome still never executes at observe or without alignment', () => {
    fc.assert(
      fc.property(history, (steps) => {
        const p = play(steps, false);
        for (const rec of p.state.allRequests()) {
          if (!rec.executed) continue;
          expect(rec.level).not.toBe('observe');
          expect(p.requests.get(rec.requestId)?.request.alignment).toBe('aligned');
        }
      }),
      params,
    );
  });

  test('expiry never turns into approval: an approved request was approved before it expired', () => {
    let lateApprovals = 0;
    fc.assert(
      fc.property(history, fc.boolean(), (steps, policy) => {
        const p = play(steps, policy);
        lateApprovals += p.state.anomalies.filter((a) => a.code === 'after_expiry').length;
        for (const rec of p.state.allRequests()) {
          if (rec.end?.decision !== 'Approved') continue;
          expect(
            compareInstants(
              parseInstant(rec.end.at) as Instant,
              parseInstant(rec.expiresAt as string) as Instant,
            ),
          ).toBeLessThan(0);
        }
      }),
      params,
    );
    // The histories do try it: late approvals were generated, and refused.
    expect(lateApprovals).toBeGreaterThan(0);
  });

  test('a ladder level never moves without its RemediationLevelMoved event, unless opted in', () => {
    explicitMoves = 0;
    fc.assert(
      fc.property(history, fc.boolean(), (steps, policy) => {
        play(steps, policy); // play checks every level after every event
      }),
      params,
    );
    expect(explicitMoves).toBeGreaterThan(0);
  });

  test('each request has one outcome, an end only when it awaited approval, and the end never changes', () => {
    fc.assert(
      fc.property(history, fc.boolean(), (steps, policy) => {
        const p = play(steps, policy); // play checks that an end never changes
        expect(p.state.allRequests().length).toBe(p.requests.size);
        for (const rec of p.state.allRequests()) {
          expect(OUTCOMES).toContain(rec.outcome);
          if (rec.end !== undefined) expect(rec.outcome).toBe('AwaitingApproval');
          if (rec.executed) expect(rec.outcome === 'Execute' || rec.end?.decision === 'Approved').toBe(true);
        }
      }),
      params,
    );
  });

  test('an aligned request for a fingerprint in a dry run hold period is suppressed', () => {
    fc.assert(
      fc.property(history, fc.boolean(), (steps, policy) => {
        const p = play(steps, policy);
        const recs = p.state.allRequests() as readonly RequestRecord[];
        recs.forEach((rec, i) => {
          const at = parseInstant(rec.at) as Instant;
          const held = recs
            .slice(0, i)
            .some(
              (e) =>
                e.fingerprint === rec.fingerprint &&
                e.outcome === 'DryRun' &&
                compareInstants(at, addMicros(parseInstant(e.at) as Instant, ladder.holdUs)) < 0,
            );
          if (held && p.requests.get(rec.requestId)?.request.alignment === 'aligned')
            expect(rec.outcome).toBe('Suppressed');
          // A pipeline may record less than the ladder allows (a forged Suppressed), never more.
          if (rec.outcome === 'Suppressed' && !p.requests.get(rec.requestId)?.forged) expect(held).toBe(true);
        });
      }),
      params,
    );
  });
});
