import { compareCodePoints } from '../classify/index.js';
import { TrustladderError } from '../errors.js';
import { shiftTier, type Tier, tierRank } from '../tier.js';
import type {
  CeilingDemoted,
  CeilingPromoted,
  CeilingReset,
  DerivedEvent,
  IdentifiedEvent,
  InputEvent,
  RunCompleted,
} from './event.types.js';
import {
  addMicros,
  compareInstants,
  formatInstant,
  type Instant,
  isWithin,
  parseInstant,
} from './instant.js';
import type { QuarantinedRecord, SubjectState, Violation } from './subject-state.types.js';
import type { TrustLadder } from './trust-ladder.types.js';

/**
 * One subject's resumable fold state, as a store's projection table keeps it: enough to go on
 * folding from it without replaying the log (the streak's runs with their times, for the
 * window), in plain JSON values.
 */
export interface SubjectSnapshot {
  readonly agent: string;
  readonly taskClass: string;
  readonly ceiling: Tier;
  /**
   * The streak's runs, oldest first: `[at, id]`, at a tier with a promotion step (the window
   * compares their times; a promotion names them). Empty at a tier without one: see
   * `untimedStreak`. Rows written before it existed hold `[null, id]` runs there, read as a count.
   */
  readonly runs: readonly (readonly [string | null, string])[];
  /**
   * The streak at a tier with no promotion step, as a count: there the runs never earn
   * anything, the window is unbounded and any change of ceiling clears the streak, so neither
   * their times nor their ids are ever used. A count keeps a long streak at the top as cheap to
   * store and restore as a short one (a gate reads O(subjects), not O(runs)). Absent when 0.
   */
  readonly untimedStreak?: number;
  readonly cooldownUntil: string | null;
  readonly violations: number;
  readonly quarantined: QuarantinedRecord | null;
  /**
   * Runs recorded since the subject was first seen or last reset (the observation count of a
   * novel task class). Absent in rows written before it existed: read as 0, so such a subject
   * needs an observer again (fail closed).
   */
  readonly runCount?: number;
}

/** A derived event with the runs that earned it (a promotion's streak; empty otherwise). */
export interface Derivation {
  readonly event: DerivedEvent;
  readonly streak: readonly string[];
}

interface StreakRun {
  readonly at: Instant;
  readonly id: string;
}

interface Subject {
  readonly agent: string;
  readonly taskClass: string;
  ceiling: Tier;
  // A deque: runs[head..] are the streak. Runs fall off the front when they leave the window.
  runs: StreakRun[];
  head: number;
  // The streak at a ceiling with no promotion step: counted, never listed (see SubjectSnapshot).
  untimed: number;
  // The streak's runs as a stored row gave them, not yet parsed: a gate that only reads the
  // subject never pays for parsing a long streak's times; the fold parses them on first use.
  raw: readonly (readonly [string | null, string])[] | undefined;
  cooldownUntil: Instant | null;
  violations: number;
  quarantined: QuarantinedRecord | null;
  // Runs since first seen or last reset: a novel class's first runs need a human observer.
  runCount: number;
}

/**
 * The fold: ledger events in, subjects' state out. Pure and deterministic: time comes only
 * from each event's `at`, never from a clock. `apply` takes one non-derived event, updates the
 * state and returns the derived events (promotion, demotion, resets) it causes, which belong
 * in the same atomic append as the event.
 */
export class LedgerProjection {
  readonly ladder: TrustLadder;
  private readonly subjects = new Map<string, Subject>();
  private readonly byAgent = new Map<string, Subject[]>();
  private readonly violationList: Violation[] = [];
  private newest: Instant | undefined;
  private newestText: string | undefined;
  private applied = 0;
  // Agents a partial restore was told exist, whether or not it loaded their subjects (knowsAgent).
  private readonly otherAgents = new Set<string>();

  constructor(ladder: TrustLadder) {
    this.ladder = ladder;
  }

  /** How many non-derived events were applied. */
  get count(): number {
    return this.applied;
  }

  /** The newest `at` applied so far (RFC 3339), if any. */
  get newestAt(): string | undefined {
    return this.newestText;
  }

  get violations(): readonly Violation[] {
    return this.violationList;
  }

  /** Throws LEDGER_ORDER when `at` is older than the newest event applied. */
  checkOrder(at: string): Instant {
    const instant = parseInstant(at);
    if (instant === undefined)
      throw new TrustladderError('INVALID_INPUT', `"${at}" is not an RFC 3339 UTC instant`, {
        issues: [{ code: 'invalid_instant', path: '/at', message: 'is not a real UTC instant' }],
      });
    if (this.newest !== undefined && compareInstants(instant, this.newest) < 0)
      throw new TrustladderError(
        'LEDGER_ORDER',
        `event at ${at} is older than the ledger's newest (${this.newestText})`,
        {
          issues: [
            {
              code: 'older_event',
              path: '/at',
              message: `${at} is older than the ledger's newest event (${this.newestText}); events arrive in non-decreasing time`,
            },
          ],
        },
      );
    return instant;
  }

  /** Applies one non-derived event; returns the derived events it causes, in order. */
  apply(event: IdentifiedEvent<InputEvent>): DerivedEvent[] {
    return this.applyDetailed(event).map((d) => d.event);
  }

  /** As apply, with the streak behind each promotion (for the audit). */
  applyDetailed(event: IdentifiedEvent<InputEvent>): Derivation[] {
    const at = this.checkOrder(event.at);
    let derived: Derivation[];
    switch (event.type) {
      case 'RunCompleted':
        derived = this.run(event, at);
        break;
      case 'ModelChanged':
        derived = this.ladder.reset.onModelChange ? this.resetAgent(event) : [];
        break;
      case 'DriftDetected':
        derived = event.score > this.ladder.reset.driftAbove ? this.resetAgent(event) : [];
        break;
      case 'CeilingSet': {
        if (tierRank(event.tier) > tierRank(this.ladder.maxAutoCeiling))
          throw new TrustladderError('INVALID_INPUT', `CeilingSet ${event.tier} is above maxAutoCeiling`, {
            issues: [
              {
                code: 'above_max_auto_ceiling',
                path: '/tier',
                message: `is above the ladder's maxAutoCeiling ${this.ladder.maxAutoCeiling}`,
              },
            ],
          });
        const s = this.subjectFor(event.agent, event.taskClass);
        s.ceiling = event.tier;
        clearStreak(s);
        s.cooldownUntil = null;
        derived = [];
        break;
      }
      // Failure-mode signals are for humans and the audit: they never move a ceiling.
      case 'EscalationRequired':
      case 'ClassificationDisagreed':
      case 'RunProgressed':
      case 'ApprovalFlagged':
      // Remediation and trust-level history shares the ledger's order but never moves a ceiling.
      case 'RemediationRequested':
      case 'RemediationDecided':
      case 'RemediationAssessed':
      case 'RemediationLevelMoved':
      case 'TrustLevelSet':
        derived = [];
        break;
      default:
        return unreachable(event);
    }
    this.newest = at;
    this.newestText = event.at;
    this.applied++;
    return derived;
  }

  /** The ceiling of a subject; a subject never seen has initialCeiling. */
  ceilingOf(agent: string, taskClass: string): Tier {
    return this.subjects.get(key(agent, taskClass))?.ceiling ?? this.ladder.initialCeiling;
  }

  /** A subject's state; a subject never seen is at initialCeiling with nothing recorded. */
  subject(agent: string, taskClass: string): SubjectState {
    const s = this.subjects.get(key(agent, taskClass));
    if (s) return snapshot(s);
    return {
      agent,
      taskClass,
      ceiling: this.ladder.initialCeiling,
      streak: 0,
      streakRuns: [],
      cooldownUntil: null,
      violations: 0,
      quarantined: null,
      runCount: 0,
    };
  }

  /** Whether the agent appears in any subject (an agent, not a human). */
  knowsAgent(agent: string): boolean {
    return this.byAgent.has(agent) || this.otherAgents.has(agent);
  }

  /**
   * Every agent the ledger knows, including those a partial restore did not load: who may never
   * count as a human approver or driver. states() lists only loaded subjects.
   */
  knownAgents(): string[] {
    return [...new Set([...this.byAgent.keys(), ...this.otherAgents])];
  }

  /** The resumable state of every subject of these agents (all subjects when absent). */
  snapshots(agents?: Iterable<string>): SubjectSnapshot[] {
    const list =
      agents === undefined
        ? [...this.subjects.values()]
        : [...new Set(agents)].flatMap((a) => this.byAgent.get(a) ?? []);
    for (const s of list) materialize(s);
    return list.map((s) => ({
      agent: s.agent,
      taskClass: s.taskClass,
      ceiling: s.ceiling,
      runs: s.runs.slice(s.head).map((r) => [formatInstant(r.at), r.id] as const),
      ...(s.untimed > 0 ? { untimedStreak: s.untimed } : {}),
      cooldownUntil: s.cooldownUntil === null ? null : formatInstant(s.cooldownUntil),
      violations: s.violations,
      quarantined: s.quarantined,
      runCount: s.runCount,
    }));
  }

  /**
   * A projection resumed from stored snapshots (a store's projection table) instead of a
   * replay: `newestAt` is the newest `at` of the log they reflect, `knownAgents` every agent
   * the log has subjects for (so that a partial restore still tells agents from humans).
   * Snapshots are untrusted input: a malformed one throws INVALID_INPUT.
   */
  static restore(
    ladder: TrustLadder,
    snapshots: Iterable<SubjectSnapshot>,
    state: { readonly newestAt: string | null; readonly knownAgents?: Iterable<string> },
  ): LedgerProjection {
    const p = new LedgerProjection(ladder);
    if (state.newestAt !== null) {
      const newest = parseInstant(state.newestAt);
      if (newest === undefined) throw malformedRow('/newestAt', `"${state.newestAt}" is not an instant`);
      p.newest = newest;
      p.newestText = state.newestAt;
    }
    for (const snap of snapshots) {
      if (!isTierText(snap.ceiling)) throw malformedRow('/ceiling', `${String(snap.ceiling)} is not a tier`);
      const s = p.subjectFor(snap.agent, snap.taskClass);
      s.ceiling = snap.ceiling;
      const timed = ladder.steps.has(snap.ceiling);
      const untimed = snap.untimedStreak ?? 0;
      if (!Number.isSafeInteger(untimed) || untimed < 0 || (timed && untimed > 0))
        throw malformedRow(
          '/untimedStreak',
          'is not a count of 0 or more, and 0 at a tier with a promotion step',
        );
      if (!Array.isArray(snap.runs)) throw malformedRow('/runs', 'is not a list');
      // Timed runs are [at, id]; untimed ones count, and older rows listed them as [null, id].
      snap.runs.forEach((run, i) => {
        if (
          !Array.isArray(run) ||
          (timed ? typeof run[0] !== 'string' : run[0] !== null) ||
          typeof run[1] !== 'string'
        )
          throw malformedRow(`/runs/${i}`, 'is not an [at, id] run ([null, id] at a tier without a step)');
      });
      if (timed) s.raw = snap.runs;
      else s.untimed = untimed + snap.runs.length;
      const cooldown = snap.cooldownUntil === null ? null : parseInstant(snap.cooldownUntil);
      if (cooldown === undefined)
        throw malformedRow('/cooldownUntil', `${String(snap.cooldownUntil)} is not an instant`);
      s.cooldownUntil = cooldown;
      if (!Number.isSafeInteger(snap.violations) || snap.violations < 0)
        throw malformedRow('/violations', 'is not a count of 0 or more');
      s.violations = snap.violations;
      s.quarantined = snap.quarantined;
      const runCount = snap.runCount ?? 0;
      if (!Number.isSafeInteger(runCount) || runCount < 0)
        throw malformedRow('/runCount', 'is not a count of 0 or more');
      s.runCount = runCount;
    }
    // An agent with loaded subjects may be listed too: knowsAgent and knownAgents read both sets.
    for (const a of state.knownAgents ?? []) p.otherAgents.add(a);
    return p;
  }

  /** Every subject seen, sorted by agent then task class (code points). */
  states(): SubjectState[] {
    return [...this.subjects.values()]
      .sort((a, b) => compareCodePoints(a.agent, b.agent) || compareCodePoints(a.taskClass, b.taskClass))
      .map(snapshot);
  }

  private run(event: IdentifiedEvent<RunCompleted>, at: Instant): Derivation[] {
    const s = this.subjectFor(event.agent, event.taskClass);
    materialize(s);
    s.runCount++;
    const derived: Derivation[] = [];
    const rank = tierRank(event.tier);
    const ceilingRank = tierRank(s.ceiling);
    if (rank > ceilingRank) {
      // Above the ceiling: a violation, recorded and flagged. It never counts, and (fail
      // closed) it breaks the streak: work done outside the rules earns nothing.
      s.violations++;
      this.violationList.push({
        id: event.id,
        at: event.at,
        agent: event.agent,
        taskClass: event.taskClass,
        tier: event.tier,
        ceiling: s.ceiling,
        outcome: event.outcome,
      });
      clearStreak(s);
    } else if (event.outcome === 'success') {
      if (rank === ceilingRank) {
        const step = this.ladder.steps.get(s.ceiling);
        if (step === undefined) s.untimed++;
        else pushRun(s, { at, id: event.id }, step.windowUs);
        if (
          step !== undefined &&
          tierRank(step.to) <= tierRank(this.ladder.maxAutoCeiling) &&
          s.runs.length - s.head >= step.threshold &&
          (s.cooldownUntil === null || compareInstants(at, s.cooldownUntil) >= 0)
        ) {
          const streak = s.runs.slice(s.head).map((r) => r.id);
          const promoted: CeilingPromoted = {
            type: 'CeilingPromoted',
            at: event.at,
            agent: event.agent,
            taskClass: event.taskClass,
            from: s.ceiling,
            to: step.to,
            cause: event.id,
          };
          s.ceiling = step.to;
          clearStreak(s);
          s.cooldownUntil = null;
          derived.push({ event: promoted, streak });
        }
      }
      // Below the ceiling: neither counts nor breaks the streak.
      return derived;
    }
    if (event.outcome === 'success') return derived;
    if (this.ladder.streakBreakers.has(event.outcome)) clearStreak(s);
    if (this.ladder.demotion.outcomes.has(event.outcome)) {
      const to = shiftTier(s.ceiling, -this.ladder.demotion.by);
      clearStreak(s);
      s.cooldownUntil = addMicros(at, this.ladder.demotion.cooldownUs);
      if (to !== s.ceiling) {
        const demoted: CeilingDemoted = {
          type: 'CeilingDemoted',
          at: event.at,
          agent: event.agent,
          taskClass: event.taskClass,
          from: s.ceiling,
          to,
          cause: event.id,
        };
        s.ceiling = to;
        derived.push({ event: demoted, streak: [] });
      }
    }
    return derived;
  }

  // A model change or drift: every subject of the agent goes back to initialCeiling with its
  // streak cleared; the state it had is kept as `quarantined` for review. Cooldowns stay.
  private resetAgent(event: IdentifiedEvent<InputEvent>): Derivation[] {
    const subjects = [...(this.byAgent.get(event.agent) ?? [])].sort((a, b) =>
      compareCodePoints(a.taskClass, b.taskClass),
    );
    return subjects.map((s) => {
      s.quarantined = { ceiling: s.ceiling, streak: streakOf(s), at: event.at };
      const reset: CeilingReset = {
        type: 'CeilingReset',
        at: event.at,
        agent: event.agent,
        taskClass: s.taskClass,
        from: s.ceiling,
        to: this.ladder.initialCeiling,
        cause: event.id,
      };
      s.ceiling = this.ladder.initialCeiling;
      clearStreak(s);
      // A new model on the class is a novel class again: observed from its first run.
      s.runCount = 0;
      return { event: reset, streak: [] };
    });
  }

  private subjectFor(agent: string, taskClass: string): Subject {
    const k = key(agent, taskClass);
    let s = this.subjects.get(k);
    if (!s) {
      s = {
        agent,
        taskClass,
        ceiling: this.ladder.initialCeiling,
        runs: [],
        head: 0,
        untimed: 0,
        raw: undefined,
        cooldownUntil: null,
        violations: 0,
        quarantined: null,
        runCount: 0,
      };
      this.subjects.set(k, s);
      const list = this.byAgent.get(agent);
      if (list) list.push(s);
      else this.byAgent.set(agent, [s]);
    }
    return s;
  }
}

function isTierText(t: unknown): t is Tier {
  return t === 'T0' || t === 'T1' || t === 'T2' || t === 'T3';
}

function key(agent: string, taskClass: string): string {
  return `${agent}\u0000${taskClass}`;
}

function clearStreak(s: Subject): void {
  s.runs = [];
  s.head = 0;
  s.untimed = 0;
  s.raw = undefined;
}

function streakOf(s: Subject): number {
  return s.raw ? s.raw.length : s.untimed + s.runs.length - s.head;
}

// A stored projection row (or its state) that restore refuses: untrusted input, INVALID_INPUT,
// with the pointer of the field within the row.
function malformedRow(pointer: string, why: string): TrustladderError {
  return new TrustladderError('INVALID_INPUT', `a stored projection row is malformed: ${pointer} ${why}`, {
    issues: [{ code: 'malformed_projection', path: pointer, message: why }],
  });
}

// Parses a restored streak before the fold goes on from it. A time that is not one is a
// malformed row: refused (INVALID_INPUT), never folded on.
function materialize(s: Subject): void {
  const raw = s.raw;
  if (raw === undefined) return;
  s.runs = raw.map(([at, id], i) => {
    const instant = parseInstant(String(at));
    if (instant === undefined) throw malformedRow(`/runs/${i}/0`, `${String(at)} is not an instant`);
    return { at: instant, id };
  });
  s.head = 0;
  s.raw = undefined;
}

function pushRun(s: Subject, run: StreakRun, windowUs: number): void {
  s.runs.push(run);
  // The run just pushed is within any window (the ladder refuses an empty one: empty_window), so
  // the loop stops at it at the latest.
  while (!isWithin((s.runs[s.head] as StreakRun).at, run.at, windowUs)) s.head++;
  // Drop the runs before the head once they are most of the array, so a long streak in a wide
  // window does not keep every run it dropped: each run is copied O(1) times on average.
  if (s.head * 2 > s.runs.length) {
    s.runs = s.runs.slice(s.head);
    s.head = 0;
  }
}

function snapshot(s: Subject): SubjectState {
  return {
    agent: s.agent,
    taskClass: s.taskClass,
    ceiling: s.ceiling,
    streak: streakOf(s),
    streakRuns: s.raw ? s.raw.map((r) => r[1]) : s.runs.slice(s.head).map((r) => r.id),
    cooldownUntil: s.cooldownUntil === null ? null : formatInstant(s.cooldownUntil),
    violations: s.violations,
    quarantined: s.quarantined,
    runCount: s.runCount,
  };
}

function unreachable(x: never): never {
  throw new Error(`unhandled event type ${JSON.stringify(x)}`);
}
