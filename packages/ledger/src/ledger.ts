import { randomUUID } from 'node:crypto';
import {
  type AuditQuery,
  type AuditReport,
  type IdentifiedEvent,
  type InputEvent,
  type InputEventDocument,
  type Issue,
  isAfter,
  LedgerAudit,
  LedgerProjection,
  LedgerReplay,
  parseInstant,
  planAppend,
  type RemediationLadder,
  RemediationState,
  type TrustLadder,
  type TrustLevelState,
  TrustladderError,
  type TypedOrUnknownList,
  type Violation,
  validateEvent,
} from '@trustladder/core';
import { LedgerError } from './errors.js';
import type { AppendContext, EventStore, PreparedBatch, StoredProjection } from './event-store.types.js';
import { checkNotFuture, DEFAULT_MAX_SKEW_MS } from './future.js';
import { EMPTY_HEAD, encodeBatch, type Head, type StoredRecord } from './record-codec.js';
import {
  REMEDIATION_KIND,
  readRemediationRow,
  remediationKey,
  remediationRecord,
} from './remediation-projection.js';
import {
  restoreTrustLevels,
  TRUST_LEVEL_KIND,
  trustLevelKey,
  trustLevelRecords,
  trustLevelsOf,
} from './trust-level-projection.js';

export interface RecordResult {
  /** Everything appended, in order: the events with their derived events. */
  readonly records: readonly StoredRecord[];
  /** The events among them that ran above the subject's ceiling. */
  readonly violations: readonly Violation[];
}

export interface RecordOptions {
  /** Where the events came from, for messages. */
  readonly source?: string;
  /** The clock (RFC 3339); the machine's clock when absent. */
  readonly now?: string;
  /** How far ahead of `now` an event may be stamped. Default 5 minutes. */
  readonly maxSkewMs?: number;
  /** Also write this remediation ladder's fold (its projection row) in the append's transaction. */
  readonly remediation?: RemediationLadder;
}

/** The remediation fold a gate reads, and where it came from. */
export interface RemediationView {
  readonly state: RemediationState;
  /** The log head it reflects. */
  readonly head: Head;
  /** `stored`: resumed from the projection row; `replay`: folded from the start of the log. */
  readonly source: 'stored' | 'replay';
  /** Events folded after the row's head (0 when the row was current). */
  readonly caughtUp: number;
}

/** A projection a gate can read, and where it came from. */
export interface ProjectionView {
  readonly projection: LedgerProjection;
  /** The log head it reflects. */
  readonly head: Head;
  /** `stored`: read from the store's projection tables; `replay`: folded from the log. */
  readonly source: 'stored' | 'replay';
}

export interface ReplayOptions {
  /** Only events at or before this instant (RFC 3339): the state as of then. */
  readonly until?: string;
  /** Called now and then with the number of events read. */
  readonly onProgress?: (events: number) => void;
}

/**
 * The autonomy ledger over one store: record events (with their derived events, atomically),
 * replay the state as of any time, audit. Keeps the fold of what it read, so an append only
 * reads what other writers added since. Never builds on a log whose derived events differ
 * from what the rules produce (MISMATCH): run verify.
 */
export class Ledger {
  readonly store: EventStore;
  readonly ladder: TrustLadder;
  private cache: { replay: LedgerReplay; head: Head } | undefined;
  private readonly newId: () => string;

  constructor(store: EventStore, ladder: TrustLadder, options: { newId?: () => string } = {}) {
    this.store = store;
    this.ladder = ladder;
    this.newId = options.newId ?? randomUUID;
  }

  /**
   * Validates every event (all problems at once, pointers `/<index>/...`), refuses any stamped
   * more than `maxSkewMs` ahead of the clock (FUTURE_EVENT: one would block every later event),
   * then appends them in order with their derived events and the projection they lead to in
   * one atomic append, or nothing. Throws TrustladderError INVALID_INPUT or LEDGER_ORDER (an
   * event older than the log's newest). Takes typed events (`InputEventDocument`, or core's
   * `InputEvent`) or untrusted `unknown[]` (parsed JSON lines); all are validated.
   */
  async record<T = unknown[]>(
    events: TypedOrUnknownList<T, InputEventDocument | InputEvent>,
    options: RecordOptions = {},
  ): Promise<RecordResult> {
    if (!Array.isArray(events))
      throw new TrustladderError('INVALID_INPUT', 'record takes an array of events', {
        issues: [{ code: 'not_array', path: '', message: 'expected an array of events' }],
      });
    const checked = validateAll(events, this.ladder, options.source);
    if (checked.length === 0) throw new LedgerError('EMPTY_BATCH', 'no events to record');
    checkNotFuture(checked, options.now, options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS);
    const withIds = checked.map((e) => ({ ...e, id: this.newId() }) as IdentifiedEvent<InputEvent>);
    const agents = [...new Set(withIds.map((e) => e.agent))];
    let violations: Violation[] = [];
    try {
      const result = await this.store.append(async (context) => {
        const stored = await context.projection(agents);
        const fresh = this.usable(stored, context.head);
        const projection = fresh
          ? LedgerProjection.restore(this.ladder, stored.subjects, {
              newestAt: stored.meta?.newestAt ?? null,
            })
          : await this.rebuildUnderLock(context);
        // The trust levels: the batch's own on a fresh projection, all of them on a rebuild.
        const trust = fresh
          ? trustLevelsOf(withIds)
          : await this.foldTrustLevels(context.readAfter(EMPTY_HEAD), withIds);
        const before = projection.violations.length;
        const planned = planAppend(projection, withIds, this.newId);
        violations = projection.violations.slice(before);
        const remediation = options.remediation
          ? [await this.remediationUnderLock(context, options.remediation, planned)]
          : [];
        const batch: PreparedBatch = {
          events: planned,
          projection: {
            ladder: this.ladder.digest,
            newestAt: projection.newestAt ?? null,
            subjects: projection.snapshots(fresh ? agents : undefined),
            records: [...trustLevelRecords(trust), ...remediation],
            replace: !fresh,
          },
        };
        return batch;
      });
      return { records: result.records, violations };
    } finally {
      // The cached fold may have moved ahead of the log (or the log past it): rebuild it next time.
      this.cache = undefined;
    }
  }

  /**
   * The state gates read: the store's projection of these agents' subjects (all when absent),
   * when it reflects the log's head under this ladder; otherwise (no projection, another
   * ladder, a raw append) a replay of the log, which refuses a mismatching one. Its cost grows
   * with the subjects asked about, not with the log.
   */
  async projection(agents?: readonly string[]): Promise<ProjectionView> {
    if (agents !== undefined && (!Array.isArray(agents) || agents.some((a) => typeof a !== 'string')))
      throw new TrustladderError('INVALID_INPUT', 'agents must be a list of names', {
        issues: [{ code: 'invalid_agents', path: '', message: 'expected an array of strings' }],
      });
    const stored = await this.store.readProjection(agents, { withAgents: true });
    if (this.usable(stored, stored.head))
      return {
        projection: LedgerProjection.restore(this.ladder, stored.subjects, {
          newestAt: stored.meta?.newestAt ?? null,
          knownAgents: stored.agents,
        }),
        head: stored.head,
        source: 'stored',
      };
    const cache = await this.catchUp();
    return { projection: cache.replay.projection, head: cache.head, source: 'replay' };
  }

  /**
   * The trust levels (the latest TrustLevelSet per automation, application and environment)
   * from the store's projection when it reflects the log's head, or folded from the log.
   * With `key`, only that one is read.
   */
  async trustLevels(key?: {
    readonly agent: string;
    readonly application: string;
    readonly environment: string;
  }): Promise<{ readonly state: TrustLevelState; readonly source: 'stored' | 'replay' }> {
    const keys = key === undefined ? undefined : [trustLevelKey(key.agent, key.application, key.environment)];
    const stored = await this.store.readProjection([], {
      records: { kind: TRUST_LEVEL_KIND, ...(keys ? { keys } : {}) },
    });
    if (this.usable(stored, stored.head))
      return { state: restoreTrustLevels(stored.records, this.store.location), source: 'stored' };
    return { state: await this.foldTrustLevels(this.store.read(), []), source: 'replay' };
  }

  /**
   * The remediation fold of `ladder`: resumed from its projection row and caught up with the
   * events after the row's head (read through the hash chain), or folded from the start of
   * the log when there is no usable row. The remediation commands keep the row current, so
   * their reads cost what the pipeline's own state costs, not the log.
   */
  async remediation(ladder: RemediationLadder): Promise<RemediationView> {
    if (ladder === null || typeof ladder !== 'object' || typeof ladder.digest !== 'string')
      throw new TrustladderError('INVALID_INPUT', 'remediation takes a compiled remediation ladder', {
        issues: [{ code: 'invalid_ladder', path: '', message: 'expected loadRemediationLadder(...)' }],
      });
    const stored = await this.store.readProjection([], {
      records: { kind: REMEDIATION_KIND, keys: [remediationKey(ladder)] },
    });
    const start = this.remediationStart(stored.records[0], stored.head, ladder);
    let head = start.head;
    let caughtUp = 0;
    for await (const r of this.store.read({ after: start.head })) {
      start.state.apply(r.event);
      head = { seq: r.seq, hash: r.hash };
      caughtUp++;
    }
    return { state: start.state, head, source: start.source, caughtUp };
  }

  // The row to resume from: only one whose head is at or before the log's (a head past the
  // log's end, or another hash at the log's own head, is ignored and the log folded again).
  // A head inside the log is proven by the chain: the next event must follow its hash.
  private remediationStart(
    record: Parameters<typeof readRemediationRow>[0] | undefined,
    logHead: Head,
    ladder: RemediationLadder,
  ): { state: RemediationState; head: Head; source: 'stored' | 'replay' } {
    const row = record === undefined ? undefined : readRemediationRow(record, this.store.location);
    const usable =
      row !== undefined &&
      (row.head.seq < logHead.seq || (row.head.seq === logHead.seq && row.head.hash === logHead.hash));
    if (row && usable) return { state: row.state, head: row.head, source: 'stored' };
    return { state: new RemediationState(ladder), head: EMPTY_HEAD, source: 'replay' };
  }

  // Under the append's lock: the fold as of the log's head plus this batch, stamped with the
  // head the batch will have (the store encodes the same records from the same head).
  private async remediationUnderLock(
    context: AppendContext,
    ladder: RemediationLadder,
    planned: readonly IdentifiedEvent[],
  ) {
    const stored = await context.projection([], {
      records: { kind: REMEDIATION_KIND, keys: [remediationKey(ladder)] },
    });
    const start = this.remediationStart(stored.records[0], context.head, ladder);
    for await (const r of context.readAfter(start.head)) start.state.apply(r.event);
    const encoded = encodeBatch(context.head, planned);
    for (const r of encoded) start.state.apply(r.event);
    const last = encoded[encoded.length - 1] as StoredRecord;
    return remediationRecord(ladder, { seq: last.seq, hash: last.hash }, start.state);
  }

  private async foldTrustLevels(
    records: AsyncIterable<StoredRecord>,
    then: readonly IdentifiedEvent[],
  ): Promise<TrustLevelState> {
    const state = trustLevelsOf([]);
    for await (const r of records) if (r.event.type === 'TrustLevelSet') state.apply(r.event);
    for (const e of then) state.apply(e);
    return state;
  }

  // A stored projection is trusted only for the head it was written with, under this ladder.
  private usable(stored: StoredProjection, head: Head): boolean {
    const meta = stored.meta;
    return (
      meta !== undefined &&
      meta.ladder === this.ladder.digest &&
      meta.head.seq === head.seq &&
      meta.head.hash === head.hash
    );
  }

  // No usable projection (a new ledger, another ladder, a raw append): fold the whole log
  // under the lock and write the projection afresh with this append.
  private async rebuildUnderLock(context: AppendContext): Promise<LedgerProjection> {
    this.cache = undefined;
    const cache = await this.catchUpFrom(context.readAfter.bind(context));
    if (cache.head.seq !== context.head.seq || cache.head.hash !== context.head.hash)
      throw new LedgerError('CORRUPT', `${this.store.location}: the log's head moved under the lock`, {
        location: this.store.location,
      });
    return cache.replay.projection;
  }

  /** The replay of the whole log, or of the events up to `until`. */
  async replay(options: ReplayOptions = {}): Promise<LedgerReplay> {
    if (options.until === undefined) {
      const cache = await this.catchUp(options.onProgress);
      return cache.replay;
    }
    const until = parseInstant(options.until);
    if (until === undefined)
      throw new TrustladderError('INVALID_INPUT', `"${options.until}" is not an RFC 3339 UTC instant`, {
        issues: [
          { code: 'invalid_instant', path: '', message: `"${options.until}" is not an RFC 3339 UTC instant` },
        ],
      });
    const replay = new LedgerReplay(this.ladder);
    let n = 0;
    let lastSeq = 0;
    for await (const r of this.store.read()) {
      if (isAfter(r.event, until)) break;
      replay.push(r.event);
      lastSeq = r.seq;
      if (++n % 50_000 === 0) options.onProgress?.(n);
    }
    replay.finish();
    this.refuseMismatches(replay, lastSeq);
    return replay;
  }

  /** Every autonomy change in the query's period, with its causes; see LedgerAudit. */
  async audit(
    query: AuditQuery = {},
    options: { onProgress?: (events: number) => void } = {},
  ): Promise<AuditReport> {
    const audit = new LedgerAudit(this.ladder, query);
    let n = 0;
    let lastSeq = 0;
    for await (const r of this.store.read()) {
      if (!audit.push(r.event)) break;
      lastSeq = r.seq;
      if (++n % 50_000 === 0) options.onProgress?.(n);
    }
    const report = audit.finish();
    this.refuseMismatches(audit.replay, lastSeq);
    return report;
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  private async catchUp(
    onProgress?: (events: number) => void,
  ): Promise<{ replay: LedgerReplay; head: Head }> {
    return this.catchUpFrom((from) => this.store.read({ after: from }), onProgress);
  }

  private async catchUpFrom(
    read: (from: Head) => AsyncIterable<StoredRecord>,
    onProgress?: (events: number) => void,
  ): Promise<{ replay: LedgerReplay; head: Head }> {
    let cache = this.cache;
    if (!cache) {
      cache = { replay: new LedgerReplay(this.ladder), head: EMPTY_HEAD };
      this.cache = cache;
    }
    let n = 0;
    try {
      for await (const r of read(cache.head)) {
        cache.replay.push(r.event);
        cache.head = { seq: r.seq, hash: r.hash };
        if (++n % 50_000 === 0) onProgress?.(n);
      }
    } catch (e) {
      this.cache = undefined;
      throw e;
    }
    try {
      this.refuseMismatches(cache.replay, cache.head.seq);
    } catch (e) {
      this.cache = undefined;
      throw e;
    }
    return cache;
  }

  // A log whose stored derived events are not what the rules produce is never decided on:
  // every read that answers a question (state now, state as of a time, audit) refuses it
  // here, and `ledger verify` says what is wrong. Reads end on whole batches, and a derived
  // event shares its cause's batch: anything still owed at the end is missing from the log.
  private refuseMismatches(replay: LedgerReplay, lastSeq: number): void {
    if (replay.owed > 0) {
      throw new LedgerError(
        'MISMATCH',
        `${this.store.location} seq ${lastSeq}: derived events are missing after it; run \`trustladder ledger verify\``,
        { location: this.store.location, position: lastSeq },
      );
    }
    const first = replay.mismatches[0];
    if (first) {
      throw new LedgerError(
        'MISMATCH',
        `${this.store.location} seq ${first.seq}: ${first.message}; run \`trustladder ledger verify\``,
        { location: this.store.location, position: first.seq },
      );
    }
  }
}

function validateAll(events: readonly unknown[], ladder: TrustLadder, source?: string): InputEvent[] {
  const issues: Issue[] = [];
  const out: InputEvent[] = [];
  events.forEach((value, i) => {
    const result = validateEvent(value, { mode: 'input', ladder });
    if (result.ok) out.push(result.value as InputEvent);
    else for (const issue of result.issues) issues.push({ ...issue, path: `/${i}${issue.path}` });
  });
  if (issues.length > 0)
    throw new TrustladderError('INVALID_INPUT', `${issues.length} problem(s) in the events to record`, {
      source,
      issues,
    });
  return out;
}
