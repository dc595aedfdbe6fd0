import { isTrustladderError, TrustladderError } from '../errors.js';
import {
  type DerivedEvent,
  type InputEvent,
  isDerivedEvent,
  type LedgerEvent,
  type RecordedEvent,
} from './event.types.js';
import { compareInstants, parseInstant } from './instant.js';
import { type Derivation, LedgerProjection } from './projection.js';
import type { TrustLadder } from './trust-ladder.types.js';

/** Where a stored log departs from what replaying its non-derived events gives. */
export interface ReplayMismatch {
  readonly code:
    | 'unexpected_derived' // a derived event the rules did not produce (or a different one)
    | 'missing_derived' // the rules produce a derived event the log lacks
    | 'out_of_order' // an event older than one before it
    | 'refused_event'; // an event the rules refuse (a CeilingSet above maxAutoCeiling)
  /** The seq of the stored event where it shows (the next event's for a missing one, or 0 at the end). */
  readonly seq: number;
  readonly message: string;
  readonly expected?: DerivedEvent;
}

/** Called for each derived event the replay matched, with the event that caused it. */
export interface ReplayObserver {
  onApplied?(record: RecordedEvent, derivations: readonly Derivation[], before: LedgerProjection): void;
  onDerived?(record: RecordedEvent<DerivedEvent>, cause: RecordedEvent, derivation: Derivation): void;
}

/**
 * Replays a stored log: the non-derived events drive the fold, and every stored derived event
 * is checked against the one the rules produce at that point (same type, subject, tiers, time
 * and cause, right after its cause). The state is the rules' state; mismatches are reported,
 * never trusted.
 */
export class LedgerReplay {
  readonly projection: LedgerProjection;
  readonly mismatches: ReplayMismatch[] = [];
  private pending: Derivation[] = [];
  private pendingCause: RecordedEvent | undefined;
  private lastSeqSeen = 0;
  private readonly observer: ReplayObserver | undefined;

  constructor(ladder: TrustLadder, observer?: ReplayObserver) {
    this.projection = new LedgerProjection(ladder);
    this.observer = observer;
  }

  /** Derived events the rules produced that the records pushed so far do not yet show. */
  get owed(): number {
    return this.pending.length;
  }

  /** The seq of the last record pushed (0 before any). */
  get lastSeq(): number {
    return this.lastSeqSeen;
  }

  push(record: RecordedEvent): void {
    this.lastSeqSeen = record.seq;
    if (isDerivedEvent(record)) {
      const want = this.pending.shift();
      if (want === undefined || !sameDerived(want.event, record)) {
        this.mismatches.push({
          code: 'unexpected_derived',
          seq: record.seq,
          message:
            want === undefined
              ? `${record.type} ${describe(record)} is not produced by the rules at this point`
              : `${record.type} ${describe(record)} differs from the ${want.event.type} ${describe(want.event)} the rules produce`,
          ...(want === undefined ? {} : { expected: want.event }),
        });
      } else if (this.pendingCause !== undefined) {
        this.observer?.onDerived?.(record as RecordedEvent<DerivedEvent>, this.pendingCause, want);
      }
      return;
    }
    this.flushMissing(record.seq);
    try {
      const derivations = this.projection.applyDetailed(record as RecordedEvent<InputEvent>);
      this.observer?.onApplied?.(record, derivations, this.projection);
      this.pending = derivations;
      this.pendingCause = record;
    } catch (e) {
      if (!isTrustladderError(e)) throw e;
      this.mismatches.push({
        code: e.code === 'LEDGER_ORDER' ? 'out_of_order' : 'refused_event',
        seq: record.seq,
        message: e.issues[0]?.message ?? e.message,
      });
    }
  }

  /** Call after the last record: derived events still owed are missing. */
  finish(): void {
    this.flushMissing(0);
  }

  private flushMissing(seq: number): void {
    for (const want of this.pending) {
      this.mismatches.push({
        code: 'missing_derived',
        seq,
        message: `the rules produce ${want.event.type} ${describe(want.event)} caused by ${want.event.cause}, which the log lacks`,
        expected: want.event,
      });
    }
    this.pending = [];
    this.pendingCause = undefined;
  }
}

/**
 * Replays records (in seq order) whose `at` is at or before `until`, when given. An `until`
 * that is not an instant is an input error: read as "no limit" it would show today's state
 * as a past one.
 */
export function replay(
  ladder: TrustLadder,
  records: Iterable<RecordedEvent>,
  options: { until?: string; observer?: ReplayObserver } = {},
): LedgerReplay {
  const r = new LedgerReplay(ladder, options.observer);
  const until = options.until === undefined ? undefined : parseUntil(options.until);
  for (const record of records) {
    if (until !== undefined && isAfter(record, until)) break;
    r.push(record);
  }
  r.finish();
  return r;
}

function parseUntil(text: string): NonNullable<ReturnType<typeof parseInstant>> {
  const until = parseInstant(text);
  if (until === undefined)
    throw new TrustladderError('INVALID_INPUT', `until "${text}" is not an RFC 3339 UTC instant`, {
      issues: [{ code: 'invalid_instant', path: '/until', message: 'is not a real UTC instant' }],
    });
  return until;
}

/** Whether a record's `at` is after an instant (records arrive in non-decreasing time). */
export function isAfter(record: LedgerEvent, until: NonNullable<ReturnType<typeof parseInstant>>): boolean {
  const at = parseInstant(record.at);
  return at !== undefined && compareInstants(at, until) > 0;
}

function sameDerived(a: DerivedEvent, b: DerivedEvent): boolean {
  return (
    a.type === b.type &&
    a.at === b.at &&
    a.agent === b.agent &&
    a.taskClass === b.taskClass &&
    a.from === b.from &&
    a.to === b.to &&
    a.cause === b.cause
  );
}

function describe(e: DerivedEvent): string {
  return `${e.agent}/${e.taskClass} ${e.from} -> ${e.to} at ${e.at}`;
}
