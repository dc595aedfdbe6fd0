import type { Tier } from '../tier.js';
import { type DerivedEvent, FAILURE_MODE_EVENT_TYPES, type RecordedEvent } from './event.types.js';
import { compareInstants, type Instant, parseInstant } from './instant.js';
import { LedgerReplay } from './replay.js';
import type { Violation } from './subject-state.types.js';
import type { TrustLadder } from './trust-ladder.types.js';

/** One change of a subject's ceiling, with the events behind it. */
export interface AutonomyChange {
  readonly at: string;
  readonly agent: string;
  readonly taskClass: string;
  readonly kind: 'promoted' | 'demoted' | 'reset' | 'set';
  readonly from: Tier;
  readonly to: Tier;
  /** The stored event that records the change (a derived event, or the human's CeilingSet). */
  readonly event: RecordedEvent;
  /** The event that caused it (for a CeilingSet, the CeilingSet itself). */
  readonly cause: RecordedEvent;
  /** For a promotion, the ids of the successful runs that earned it; empty otherwise. */
  readonly streak: readonly string[];
}

export interface AuditQuery {
  /** Only this agent; every agent when absent. */
  readonly agent?: string;
  /** Only changes at or after this instant (RFC 3339). */
  readonly since?: string;
  /** Only changes at or before this instant (RFC 3339). */
  readonly until?: string;
}

export interface AuditReport {
  readonly agent: string | null;
  readonly since: string | null;
  readonly until: string | null;
  readonly changes: readonly AutonomyChange[];
  readonly violations: readonly Violation[];
  /**
   * The failure-mode signals in the period (escalations, classification disagreements, run
   * heartbeats, flagged approvals): they move no ceiling, but a human reads them with it.
   */
  readonly signals: readonly RecordedEvent[];
}

const KIND = { CeilingPromoted: 'promoted', CeilingDemoted: 'demoted', CeilingReset: 'reset' } as const;

/**
 * "Every autonomy change for an agent in a period": a replay of the whole log (a change
 * depends on everything before it) that keeps the changes in the period, each with the event
 * that caused it and, for a promotion, the streak that earned it. Push records in seq order
 * (from a stream), then `finish`. The report is only as good as the log: callers check
 * `replay.mismatches` (or run verify) before trusting it.
 */
export class LedgerAudit {
  readonly replay: LedgerReplay;
  private readonly query: AuditQuery;
  private readonly since: Instant | undefined;
  private readonly until: Instant | undefined;
  private readonly changes: AutonomyChange[] = [];
  private readonly signals: RecordedEvent[] = [];
  private done = false;

  constructor(ladder: TrustLadder, query: AuditQuery = {}) {
    this.query = query;
    this.since = query.since === undefined ? undefined : parseInstant(query.since);
    this.until = query.until === undefined ? undefined : parseInstant(query.until);
    this.replay = new LedgerReplay(ladder, {
      onDerived: (record: RecordedEvent<DerivedEvent>, cause, derivation) => {
        if (!this.inRange(record.at, record.agent)) return;
        this.changes.push({
          at: record.at,
          agent: record.agent,
          taskClass: record.taskClass,
          kind: KIND[record.type],
          from: record.from,
          to: record.to,
          event: record,
          cause,
          streak: derivation.streak,
        });
      },
    });
  }

  /** Takes the next record; returns false once records are past `until` (stop reading). */
  push(record: RecordedEvent): boolean {
    if (this.done) return false;
    if (this.until !== undefined) {
      const at = parseInstant(record.at);
      if (at !== undefined && compareInstants(at, this.until) > 0) {
        this.done = true;
        return false;
      }
    }
    if (record.type === 'CeilingSet' && this.inRange(record.at, record.agent)) {
      // A CeilingSet's "from" is the ceiling just before it applies.
      const from = this.replay.projection.ceilingOf(record.agent, record.taskClass);
      const before = this.replay.mismatches.length;
      this.replay.push(record);
      if (this.replay.mismatches.length === before)
        this.changes.push({
          at: record.at,
          agent: record.agent,
          taskClass: record.taskClass,
          kind: 'set',
          from,
          to: record.tier,
          event: record,
          cause: record,
          streak: [],
        });
      return true;
    }
    if (FAILURE_MODE_EVENT_TYPES.has(record.type) && this.inRange(record.at, record.agent))
      this.signals.push(record);
    this.replay.push(record);
    return true;
  }

  finish(): AuditReport {
    this.replay.finish();
    return {
      agent: this.query.agent ?? null,
      since: this.query.since ?? null,
      until: this.query.until ?? null,
      changes: this.changes,
      violations: this.replay.projection.violations.filter((v) => this.inRange(v.at, v.agent)),
      signals: this.signals,
    };
  }

  private inRange(at: string, agent: string): boolean {
    if (this.query.agent !== undefined && agent !== this.query.agent) return false;
    const t = parseInstant(at) as Instant;
    return (
      (this.since === undefined || compareInstants(t, this.since) >= 0) &&
      (this.until === undefined || compareInstants(t, this.until) <= 0)
    );
  }
}

/** The audit of records already in memory. */
export function auditLedger(
  ladder: TrustLadder,
  records: Iterable<RecordedEvent>,
  query: AuditQuery = {},
): { report: AuditReport; replay: LedgerReplay } {
  const audit = new LedgerAudit(ladder, query);
  for (const record of records) if (!audit.push(record)) break;
  return { report: audit.finish(), replay: audit.replay };
}
