import { compareCodePoints } from '../classify/index.js';
import type {
  ApprovalEnd,
  LedgerEvent,
  RemediationAssessed,
  RemediationDecided,
  RemediationLevelMoved,
  RemediationLevelName,
  RemediationOutcome,
  RemediationRequested,
} from '../ladder/event.types.js';
import { addMicros, compareInstants, type Instant, parseInstant } from '../ladder/instant.js';
import type { ApprovalDecision } from '../wasm/approval.types.js';
import {
  type ApprovalDecider,
  askPolicy,
  type DecisionContext,
  decideRemediation,
  type RemediationDecision,
} from './decide.js';
import { type GraduationEntry, graduationOf } from './graduation.js';
import { levelRank, REMEDIATION_LEVEL_ORDER, type RemediationLadder } from './remediation-ladder.types.js';
import type { RemediationRequest } from './remediation-request.js';
import { resolveEntry } from './scope.js';

/** A recorded request as the fold sees it. */
export interface RequestRecord {
  readonly requestId: string;
  readonly at: string;
  readonly fingerprint: string;
  readonly workflow: string;
  readonly namespace: string;
  readonly environment: string;
  readonly scope: string;
  readonly level: RemediationLevelName;
  /** The outcome that counts: the recorded one, or the recomputed one where that is less autonomous. */
  readonly outcome: RemediationOutcome;
  readonly expiresAt: string | undefined;
  /** AwaitingApproval only: how it ended, once it has. */
  end: { readonly decision: ApprovalEnd; readonly by: string; readonly at: string } | undefined;
  override: RemediationDecided['override'] | undefined;
  /** Execute, or Approved: the remediation ran. */
  executed: boolean;
  score: number | undefined;
}

/** RemediationState.snapshot(): the fold's maps as entry lists, in insertion order. */
export interface RemediationSnapshot {
  readonly levels: readonly (readonly [string, RemediationLevelName])[];
  readonly holds: readonly (readonly [string, Instant])[];
  readonly requests: readonly RequestRecord[];
  readonly pendingByFingerprint: readonly (readonly [string, string])[];
  readonly stats: readonly (readonly [string, ScopeStats])[];
  readonly anomalies: readonly RemediationAnomaly[];
  readonly moves: readonly LevelMove[];
  readonly newestAt: string | null;
}

const isPair = (v: unknown): v is [string, unknown] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string';
const LEVEL_NAMES = new Set<string>(REMEDIATION_LEVEL_ORDER);

// The shape a restore relies on; anything else is a damaged row, never a partial state.
function checkSnapshot(snapshot: RemediationSnapshot): RemediationSnapshot {
  const s = snapshot as unknown as Record<string, unknown>;
  const bad = (what: string): never => {
    throw new TypeError(`the remediation snapshot's ${what} is damaged`);
  };
  if (s === null || typeof s !== 'object') bad('root');
  const lists = ['levels', 'holds', 'requests', 'pendingByFingerprint', 'stats', 'anomalies', 'moves'];
  for (const k of lists) if (!Array.isArray(s[k])) bad(k);
  for (const e of s.levels as unknown[]) if (!isPair(e) || !LEVEL_NAMES.has(e[1] as string)) bad('levels');
  for (const e of s.holds as unknown[]) {
    const i = isPair(e) ? (e[1] as Instant | null) : null;
    if (!i || typeof i !== 'object' || !Number.isSafeInteger(i.us) || !Number.isInteger(i.ns)) bad('holds');
  }
  for (const r of s.requests as RequestRecord[])
    if (!r || typeof r.requestId !== 'string' || typeof r.outcome !== 'string' || typeof r.at !== 'string')
      bad('requests');
  for (const e of s.pendingByFingerprint as unknown[])
    if (!isPair(e) || typeof e[1] !== 'string') bad('pendingByFingerprint');
  for (const e of s.stats as unknown[])
    if (!isPair(e) || !e[1] || typeof e[1] !== 'object' || !Array.isArray((e[1] as ScopeStats).scores))
      bad('stats');
  if (s.newestAt !== null && typeof s.newestAt !== 'string') bad('newestAt');
  return snapshot;
}

/** A recorded event the fold refused to believe, and why. It changes nothing. */
export interface RemediationAnomaly {
  readonly id: string | undefined;
  readonly at: string;
  readonly code:
    | 'duplicate_request' // a requestId seen before
    | 'outcome_mismatch' // the recorded outcome is not what the ladder gives
    | 'unknown_request' // a decision or score for a request never recorded
    | 'not_pending' // a decision on a request that awaits no approval (any more)
    | 'after_expiry' // an approval or rejection at or after the expiry: it expired
    | 'not_yet_expired' // an expiry before the request's expiresAt
    | 'self_approval' // the pipeline decided its own request
    | 'not_executed' // a score for a remediation that never ran
    | 'already_assessed'
    | 'unknown_scope' // a move of a ladder entry that does not exist
    | 'stale_move' // a move whose `from` is not the entry's level
    | 'override_at_observe'; // an approval substituting a workflow the ladder keeps at observe
  readonly message: string;
}

/** What a ladder entry did since its level last moved: the graduation evidence. */
export interface ScopeStats {
  dryRuns: number;
  manualReviews: number;
  approvals: number;
  approvalsSinceRejection: number;
  rejections: number;
  expirations: number;
  executed: number;
  scores: number[];
  /** When the entry last moved (RFC 3339), if it did. */
  movedAt: string | undefined;
}

/** A move of a ladder entry: explicit (a RemediationLevelMoved) or automatic (opted in). */
export interface LevelMove {
  readonly scope: string;
  readonly from: RemediationLevelName;
  readonly to: RemediationLevelName;
  readonly at: string;
  readonly by: string;
  readonly reason: string;
  readonly automatic: boolean;
}

const EXPIRY_IDENTITY = 'trustladder:expiry';

/**
 * The remediation fold over the ledger: the events of one pipeline (the ladder's `agent`) in
 * log order give each entry's level, the dry-run holds, every approval request and how it
 * ended, and the graduation evidence. Pure; time is each event's `at`. Recorded events are
 * checked, never trusted: a recorded outcome more autonomous than the ladder gives counts as
 * the ladder's, and a decision the rules refuse (an approval after expiry, on a request not
 * pending, by the pipeline itself) is an anomaly that changes nothing. With `policy`, the
 * fold re-asks the approval policy instead of believing the recorded answer.
 */
export class RemediationState implements DecisionContext {
  readonly ladder: RemediationLadder;
  private readonly policy: ((r: RemediationRequest) => ApprovalDecision) | undefined;
  private readonly levels = new Map<string, RemediationLevelName>();
  private readonly holds = new Map<string, Instant>();
  private readonly requests = new Map<string, RequestRecord>();
  private readonly pendingByFingerprint = new Map<string, string>();
  private readonly stats = new Map<string, ScopeStats>();
  readonly anomalies: RemediationAnomaly[] = [];
  readonly moves: LevelMove[] = [];
  private newestText: string | undefined;

  constructor(ladder: RemediationLadder, options: { policy?: ApprovalDecider } = {}) {
    this.ladder = ladder;
    this.policy = options.policy ? askPolicy(options.policy) : undefined;
  }

  /**
   * The whole fold as plain JSON, for the ledger's remediation projection row. `restore`
   * resumes from it; verify compares it with the fold of the log.
   */
  snapshot(): RemediationSnapshot {
    return JSON.parse(
      JSON.stringify({
        levels: [...this.levels],
        holds: [...this.holds],
        requests: [...this.requests.values()],
        pendingByFingerprint: [...this.pendingByFingerprint],
        stats: [...this.stats],
        anomalies: this.anomalies,
        moves: this.moves,
        newestAt: this.newestText ?? null,
      }),
    ) as RemediationSnapshot;
  }

  /**
   * Resumes a fold from a snapshot. The snapshot is a stored row, so it is checked for shape
   * (a damaged one throws TypeError naming what is wrong); that it equals the fold of the log
   * is `ledger verify`'s check.
   */
  static restore(ladder: RemediationLadder, snapshot: RemediationSnapshot): RemediationState {
    const state = new RemediationState(ladder);
    const s = checkSnapshot(snapshot);
    for (const [k, v] of s.levels) state.levels.set(k, v);
    for (const [k, v] of s.holds) state.holds.set(k, v);
    for (const r of s.requests) state.requests.set(r.requestId, { ...r });
    for (const [k, v] of s.pendingByFingerprint) state.pendingByFingerprint.set(k, v);
    for (const [k, v] of s.stats) state.stats.set(k, { ...v, scores: [...v.scores] });
    state.anomalies.push(...s.anomalies);
    state.moves.push(...s.moves);
    state.newestText = s.newestAt ?? undefined;
    return state;
  }

  /** The newest `at` applied. */
  get newestAt(): string | undefined {
    return this.newestText;
  }

  levelOf(scope: string): RemediationLevelName {
    return this.levels.get(scope) ?? this.ladder.entries.get(scope)?.level ?? 'observe';
  }

  holdOf(fingerprint: string): Instant | undefined {
    return this.holds.get(fingerprint);
  }

  request(requestId: string): Readonly<RequestRecord> | undefined {
    return this.requests.get(requestId);
  }

  /** Every request recorded, in log order. */
  allRequests(): readonly Readonly<RequestRecord>[] {
    return [...this.requests.values()];
  }

  /** Approval requests still open at `at`: awaiting, not ended, not yet expired. */
  pending(at: string): Readonly<RequestRecord>[] {
    const t = parseInstant(at);
    if (t === undefined) return [];
    return [...this.requests.values()].filter(
      (r) => isOpen(r) && compareInstants(t, parseInstant(r.expiresAt as string) as Instant) < 0,
    );
  }

  /** Approval requests whose expiry passed by `at` with no end recorded. */
  overdue(at: string): Readonly<RequestRecord>[] {
    const t = parseInstant(at);
    if (t === undefined) return [];
    return [...this.requests.values()].filter(
      (r) => isOpen(r) && compareInstants(t, parseInstant(r.expiresAt as string) as Instant) >= 0,
    );
  }

  statsOf(scope: string): Readonly<ScopeStats> {
    return this.stats.get(scope) ?? emptyStats(undefined);
  }

  /** Every entry of the ladder and every scope seen, sorted. */
  scopes(): string[] {
    return [...new Set([...this.ladder.entries.keys(), ...this.stats.keys()])].sort(compareCodePoints);
  }

  /** Decides a new request against the history (nothing is changed). */
  decide(request: RemediationRequest, policy?: ApprovalDecider): RemediationDecision {
    return decideRemediation(this, request, policy ? askPolicy(policy) : undefined);
  }

  /** Applies one ledger event; events of other agents and other kinds are ignored. */
  apply(event: LedgerEvent & { readonly id?: string }): void {
    if (event.agent !== this.ladder.agent) return;
    switch (event.type) {
      case 'RemediationRequested':
        this.requested(event);
        break;
      case 'RemediationDecided':
        this.decided(event);
        break;
      case 'RemediationAssessed':
        this.assessed(event);
        break;
      case 'RemediationLevelMoved':
        this.moved(event);
        break;
      default:
        return;
    }
    this.newestText = event.at;
  }

  private requested(event: RemediationRequested & { readonly id?: string }): void {
    if (this.requests.has(event.requestId)) {
      this.anomaly(event, 'duplicate_request', `request ${event.requestId} was recorded before`);
      return;
    }
    const at = parseInstant(event.at) as Instant;
    // A newer request for the same signal ends an open approval request: a stale analysis is
    // never approved. One whose expiry passed has expired instead.
    const earlierId = this.pendingByFingerprint.get(event.fingerprint);
    const earlier = earlierId === undefined ? undefined : this.requests.get(earlierId);
    if (earlier && isOpen(earlier)) {
      const expired = compareInstants(at, parseInstant(earlier.expiresAt as string) as Instant) >= 0;
      this.end(
        earlier,
        expired ? 'Expired' : 'Superseded',
        expired ? EXPIRY_IDENTITY : this.ladder.agent,
        expired ? (earlier.expiresAt as string) : event.at,
      );
    }
    const recomputed = decideRemediation(this, event, (r) =>
      this.policy ? this.policy(r) : (event as RemediationRequested).approval,
    );
    let outcome = event.outcome;
    if (
      recomputed.outcome !== event.outcome ||
      recomputed.scope !== event.scope ||
      recomputed.level !== event.level
    ) {
      this.anomaly(
        event,
        'outcome_mismatch',
        `request ${event.requestId} was recorded as ${event.outcome} at ${event.scope} (${event.level}); the ladder gives ${recomputed.outcome} at ${recomputed.scope} (${recomputed.level})`,
      );
      // The ladder's outcome counts unless the pipeline recorded one strictly less autonomous
      // (it did less than it might have; it never did more).
      if (autonomy(event.outcome) >= autonomy(recomputed.outcome)) outcome = recomputed.outcome;
    }
    const expiresAt = outcome === 'AwaitingApproval' ? (event.expiresAt ?? recomputed.expiresAt) : undefined;
    const record: RequestRecord = {
      requestId: event.requestId,
      at: event.at,
      fingerprint: event.fingerprint,
      workflow: event.workflow,
      namespace: event.target.namespace,
      environment: event.environment,
      scope: recomputed.scope,
      level: recomputed.level,
      outcome,
      // The earlier of the recorded and the computed expiry: a later one is never believed.
      expiresAt: earliest(expiresAt, outcome === 'AwaitingApproval' ? recomputed.expiresAt : undefined),
      end: undefined,
      override: undefined,
      executed: outcome === 'Execute',
      score: undefined,
    };
    this.requests.set(event.requestId, record);
    const s = this.statsFor(record.scope);
    switch (outcome) {
      case 'DryRun':
        s.dryRuns++;
        this.holds.set(event.fingerprint, addMicros(at, this.ladder.holdUs));
        break;
      case 'ManualReviewRequired':
        s.manualReviews++;
        break;
      case 'AwaitingApproval':
        this.pendingByFingerprint.set(event.fingerprint, event.requestId);
        break;
      case 'Execute':
        s.executed++;
        break;
      case 'Suppressed':
        break;
      default:
        unreachable(outcome);
    }
    this.autoMove(record.scope, event.at, event.id);
  }

  private decided(event: RemediationDecided & { readonly id?: string }): void {
    const r = this.requests.get(event.requestId);
    if (!r) {
      this.anomaly(event, 'unknown_request', `no request ${event.requestId}`);
      return;
    }
    if (r.outcome !== 'AwaitingApproval' || r.end !== undefined) {
      this.anomaly(event, 'not_pending', `request ${event.requestId} awaits no approval`);
      return;
    }
    const at = parseInstant(event.at) as Instant;
    const expired = compareInstants(at, parseInstant(r.expiresAt as string) as Instant) >= 0;
    switch (event.decision) {
      case 'Approved':
      case 'Rejected':
        if (event.by === this.ladder.agent) {
          this.anomaly(event, 'self_approval', `the pipeline ${event.by} cannot decide its own request`);
          return;
        }
        if (expired) {
          // Expiry never turns into approval: it ended when it expired.
          this.anomaly(event, 'after_expiry', `request ${event.requestId} expired at ${r.expiresAt}`);
          this.end(r, 'Expired', EXPIRY_IDENTITY, r.expiresAt as string);
          return;
        }
        if (event.decision === 'Approved' && event.override?.workflow !== undefined) {
          const level = this.overrideLevel(r, event.override.workflow);
          if (level === 'observe') {
            // Nothing executes at observe, not even by substitution: the request stays open.
            this.anomaly(
              event,
              'override_at_observe',
              `${event.override.workflow} is at observe for ${r.namespace} (${r.environment})`,
            );
            return;
          }
        }
        if (event.decision === 'Approved') r.override = event.override;
        this.end(r, event.decision, event.by, event.at);
        break;
      case 'Expired':
        if (!expired) {
          this.anomaly(event, 'not_yet_expired', `request ${event.requestId} expires at ${r.expiresAt}`);
          return;
        }
        this.end(r, 'Expired', event.by, event.at);
        break;
      case 'Superseded':
        this.end(r, 'Superseded', event.by, event.at);
        break;
      default:
        unreachable(event.decision);
    }
    this.autoMove(r.scope, event.at, event.id);
  }

  private assessed(event: RemediationAssessed & { readonly id?: string }): void {
    const r = this.requests.get(event.requestId);
    if (!r) {
      this.anomaly(event, 'unknown_request', `no request ${event.requestId}`);
      return;
    }
    if (!r.executed) {
      this.anomaly(event, 'not_executed', `request ${event.requestId} never executed`);
      return;
    }
    if (r.score !== undefined) {
      this.anomaly(event, 'already_assessed', `request ${event.requestId} was assessed before`);
      return;
    }
    r.score = event.score;
    // A score belongs to the entry's evidence only if the run happened since its last move.
    const s = this.statsFor(r.scope);
    const moved = s.movedAt === undefined ? undefined : (parseInstant(s.movedAt) as Instant);
    if (moved === undefined || compareInstants(parseInstant(r.at) as Instant, moved) >= 0)
      s.scores.push(event.score);
    this.autoMove(r.scope, event.at, event.id);
  }

  /** The level a substituted workflow has for a request's namespace and environment. */
  overrideLevel(r: Pick<RequestRecord, 'namespace' | 'environment'>, workflow: string): RemediationLevelName {
    return this.levelOf(resolveEntry(this.ladder, workflow, r.namespace, r.environment).scope);
  }

  private moved(event: RemediationLevelMoved & { readonly id?: string }): void {
    if (!this.ladder.entries.has(event.scope)) {
      this.anomaly(event, 'unknown_scope', `the ladder has no entry ${event.scope}`);
      return;
    }
    const from = this.levelOf(event.scope);
    if (from !== event.from) {
      this.anomaly(event, 'stale_move', `${event.scope} is at ${from}, not ${event.from}`);
      return;
    }
    this.setLevel(event.scope, event.to, event.at, event.by, event.reason, false);
  }

  private end(r: RequestRecord, decision: ApprovalEnd, by: string, at: string): void {
    r.end = { decision, by, at };
    if (this.pendingByFingerprint.get(r.fingerprint) === r.requestId)
      this.pendingByFingerprint.delete(r.fingerprint);
    const s = this.statsFor(r.scope);
    switch (decision) {
      case 'Approved':
        r.executed = true;
        s.approvals++;
        s.approvalsSinceRejection++;
        s.executed++;
        break;
      case 'Rejected':
        s.rejections++;
        s.approvalsSinceRejection = 0;
        break;
      case 'Expired':
        s.expirations++;
        break;
      case 'Superseded':
        break;
      default:
        unreachable(decision);
    }
  }

  // Entries that opted in move by the graduation rules as their evidence changes; upward
  // never past the entry's maxAutoLevel. Everything else moves only by a recorded event.
  private autoMove(scope: string, at: string, cause: string | undefined): void {
    const entry = this.ladder.entries.get(scope);
    if (!entry?.automaticMoves) return;
    const g = graduationOf(this, scope);
    if (g.recommendation === 'stay' || g.to === undefined) return;
    if (g.recommendation === 'up' && levelRank(g.to) > levelRank(entry.maxAutoLevel)) return;
    this.setLevel(
      scope,
      g.to,
      at,
      'trustladder:graduation',
      `${g.reasons.join('; ')}${cause ? ` (after ${cause})` : ''}`,
      true,
    );
  }

  private setLevel(
    scope: string,
    to: RemediationLevelName,
    at: string,
    by: string,
    reason: string,
    automatic: boolean,
  ): void {
    const from = this.levelOf(scope);
    this.levels.set(scope, to);
    this.stats.set(scope, emptyStats(at));
    this.moves.push({ scope, from, to, at, by, reason, automatic });
  }

  private statsFor(scope: string): ScopeStats {
    let s = this.stats.get(scope);
    if (!s) {
      s = emptyStats(undefined);
      this.stats.set(scope, s);
    }
    return s;
  }

  private anomaly(
    event: { readonly id?: string; readonly at: string },
    code: RemediationAnomaly['code'],
    message: string,
  ): void {
    this.anomalies.push({ id: event.id, at: event.at, code, message });
  }
}

/** The graduation report of every entry and scope seen. */
export function graduationReport(state: RemediationState): GraduationEntry[] {
  return state.scopes().map((scope) => graduationOf(state, scope));
}

/** Folds ledger events (in log order) into the remediation state of `ladder`. */
export function foldRemediation(
  ladder: RemediationLadder,
  events: Iterable<LedgerEvent & { readonly id?: string }>,
  options: { policy?: ApprovalDecider } = {},
): RemediationState {
  const state = new RemediationState(ladder, options);
  for (const e of events) state.apply(e);
  return state;
}

function isOpen(r: RequestRecord): boolean {
  return r.outcome === 'AwaitingApproval' && r.end === undefined && r.expiresAt !== undefined;
}

function autonomy(outcome: RemediationOutcome): number {
  return outcome === 'Execute' ? 2 : outcome === 'AwaitingApproval' ? 1 : 0;
}

function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareInstants(parseInstant(a) as Instant, parseInstant(b) as Instant) <= 0 ? a : b;
}

function emptyStats(movedAt: string | undefined): ScopeStats {
  return {
    dryRuns: 0,
    manualReviews: 0,
    approvals: 0,
    approvalsSinceRejection: 0,
    rejections: 0,
    expirations: 0,
    executed: 0,
    scores: [],
    movedAt,
  };
}

function unreachable(x: never): never {
  throw new Error(`unhandled ${String(x)}`);
}
