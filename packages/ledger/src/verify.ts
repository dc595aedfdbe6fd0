import {
  canonicalJson,
  compareCodePoints,
  compareInstants,
  LedgerProjection,
  LedgerReplay,
  parseInstant,
  type SubjectSnapshot,
  type TrustLadder,
  validateEvent,
} from '@trustladder/core';
import type { EventStore } from './event-store.types.js';
import { futureLimit } from './future.js';
import { decodeLine, EMPTY_HEAD, type Head, type StoredRecord } from './record-codec.js';
import { RemediationRowCheck } from './remediation-check.js';
import { TRUST_LEVEL_KIND, trustLevelRecords, trustLevelsOf } from './trust-level-projection.js';

export type VerifyIssueCode =
  | 'unparseable' // not a JSON object
  | 'malformed' // lacks id, seq, prev, batchEnd or the trailing hash
  | 'not_canonical' // not in the canonical form the store writes
  | 'hash_mismatch' // changed after it was written
  | 'chain_broken' // does not follow the line before it: inserted, removed or reordered
  | 'seq_mismatch' // seq is not the one after the previous
  | 'duplicate_id'
  | 'column_mismatch' // a PostgreSQL row's seq, id or hash column differs from its line
  | 'invalid_event' // not a valid ledger event
  | 'batch_broken' // a batch's events disagree on batchEnd, or a derived event starts one
  | 'torn_tail' // the log ends in an append that never completed
  | 'derived_mismatch' // stored derived events differ from what replaying gives
  | 'out_of_order' // an event older than one before it
  | 'refused_event' // an event the rules refuse
  | 'future_event' // stamped further ahead of the clock than the allowed skew: it blocks every later event
  | 'head_mismatch' // the log does not hold the expected head (--expect-head, a checkpoint)
  | 'checkpoint_refused' // the signed checkpoint does not verify (identity, predicate, signature)
  | 'checkpoint_ladder' // the signed checkpoint was taken under another trust ladder
  | 'projection_mismatch'; // the stored projection differs from the fold of the log

export interface VerifyIssue {
  readonly code: VerifyIssueCode;
  /** The line (file) or seq (PostgreSQL) where it shows. */
  readonly position: number;
  readonly message: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly location: string;
  readonly positionName: 'line' | 'seq';
  /** Events read (including ones with problems). */
  readonly events: number;
  /** The last event of the chain: anchor it elsewhere to detect removal at the end. */
  readonly head: Head;
  readonly issues: readonly VerifyIssue[];
  /** Whether `issues` was cut at maxIssues. */
  readonly truncated: boolean;
}

export interface VerifyOptions {
  /** Stop collecting after this many issues (the first ones name the damage). Default 100. */
  readonly maxIssues?: number;
  /** Called now and then with the number of events read. */
  readonly onProgress?: (events: number) => void;
  /** The clock (RFC 3339) for the future-event check; the machine's clock when absent. */
  readonly now?: string;
  /** How far ahead of `now` an event may be stamped. Default 5 minutes. */
  readonly maxSkewMs?: number;
  /** A head written down earlier: the log must hold exactly this hash at this seq. */
  readonly expectHead?: Head;
}

/**
 * Checks a stored log line by line: each line's own hash and canonical form, the hash chain,
 * consecutive seqs, unique ids, whole batches, and that replaying the non-derived events
 * under `ladder` gives exactly the derived events stored, each in its cause's batch. Any
 * modified, removed, inserted or reordered event is named by position. After a broken link
 * the chain resumes from the line that broke it, so later damage is named too.
 */
export async function verifyStore(
  store: EventStore,
  ladder: TrustLadder,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const max = options.maxIssues ?? 100;
  const issues: VerifyIssue[] = [];
  let truncated = false;
  const report = (code: VerifyIssueCode, position: number, message: string): void => {
    if (issues.length < max) issues.push({ code, position, message });
    else truncated = true;
  };
  const replay = new LedgerReplay(ladder);
  const trust = trustLevelsOf([]);
  const limitText = futureLimit(options.now, options.maxSkewMs ?? 5 * 60 * 1000);
  const limit = parseInstant(limitText);
  const expectHead = options.expectHead;
  let sawExpected = false;
  const ids = new Set<string>();
  let expected: Head = EMPTY_HEAD;
  let events = 0;
  let batchEnd = 0; // the batchEnd of the batch in progress, 0 between batches
  let batchPosition = 0;
  let lastPosition = 0;
  const remediation = await RemediationRowCheck.read(store, report);
  for await (const entry of store.scan()) {
    events++;
    lastPosition = entry.position;
    if (events % 50_000 === 0) options.onProgress?.(events);
    const where = entry.position;
    if (!entry.terminated) {
      report(
        'torn_tail',
        where,
        'the log ends in a line without its newline: an append that never completed',
      );
      break;
    }
    const decoded = decodeLine(entry.line, true);
    if (!decoded.ok) {
      report(decoded.code, where, decoded.message);
      continue;
    }
    const r: StoredRecord = decoded.record;
    if (r.prev !== expected.hash)
      report(
        'chain_broken',
        where,
        `does not follow the event before it (seq ${expected.seq}): an event was inserted, removed or reordered here`,
      );
    else if (r.seq !== expected.seq + 1)
      report('seq_mismatch', where, `seq ${r.seq} where ${expected.seq + 1} was due`);
    if (
      entry.columns &&
      (entry.columns.seq !== r.seq || entry.columns.id !== r.id || entry.columns.hash !== r.hash)
    )
      report('column_mismatch', where, "the row's seq, id or hash column differs from its line");
    expected = { seq: r.seq, hash: r.hash };
    if (expectHead && r.seq === expectHead.seq) {
      sawExpected = true;
      if (r.hash !== expectHead.hash)
        report(
          'head_mismatch',
          where,
          `seq ${r.seq} has ${r.hash}, not the expected ${expectHead.hash}: history was rewritten`,
        );
    }
    if (ids.has(r.id)) report('duplicate_id', where, `id ${r.id} appears twice`);
    ids.add(r.id);
    const valid = validateEvent(r.event, { mode: 'stored' });
    if (!valid.ok) {
      const first = valid.issues[0];
      report('invalid_event', where, `${first?.path || '(event)'} ${first?.message ?? 'is invalid'}`);
      continue;
    }
    const at = parseInstant(r.event.at);
    if (at && limit && compareInstants(at, limit) > 0)
      report(
        'future_event',
        where,
        `at ${r.event.at} is ahead of the clock (latest accepted ${limitText}): every later event would be refused as older; see docs/ledger.md, "An event from the future"`,
      );
    const derived =
      r.event.type === 'CeilingPromoted' ||
      r.event.type === 'CeilingDemoted' ||
      r.event.type === 'CeilingReset';
    if (batchEnd === 0) {
      if (derived)
        report('batch_broken', where, `${r.event.type} starts a batch: it must share its cause's append`);
      if (r.batchEnd < r.seq) report('batch_broken', where, 'batchEnd is before the event');
      batchEnd = r.batchEnd;
      batchPosition = where;
    } else if (r.batchEnd !== batchEnd) {
      report('batch_broken', where, `batchEnd ${r.batchEnd} inside the batch that ends at seq ${batchEnd}`);
      batchEnd = r.batchEnd;
    }
    if (r.seq >= batchEnd) batchEnd = 0;
    const before = replay.mismatches.length;
    trust.apply(r.event);
    remediation.push(r, where);
    replay.push(r.event);
    for (const m of replay.mismatches.slice(before)) report(mismatchCode(m.code), where, m.message);
  }
  if (batchEnd !== 0)
    report(
      'torn_tail',
      batchPosition,
      `the batch that starts here lacks its events up to seq ${batchEnd}: an append that never completed`,
    );
  const before = replay.mismatches.length;
  replay.finish();
  for (const m of replay.mismatches.slice(before))
    report(mismatchCode(m.code), lastPosition, `at the end of the log: ${m.message}`);
  if (expectHead && !sawExpected)
    report(
      'head_mismatch',
      lastPosition,
      `the log ends at seq ${expected.seq}, before the expected head seq ${expectHead.seq}: events were removed`,
    );
  remediation.finish(expected);
  await compareProjection(store, ladder, replay, trust, expected, report);
  return {
    ok: issues.length === 0,
    location: store.location,
    positionName: store.positionName,
    events,
    head: expected,
    issues,
    truncated,
  };
}

function mismatchCode(code: string): VerifyIssueCode {
  if (code === 'out_of_order') return 'out_of_order';
  if (code === 'refused_event') return 'refused_event';
  return 'derived_mismatch';
}

// The stored projection must be exactly the fold of the log: the head it reflects, under this
// ladder, every subject. A store without one (JSON lines, or after a raw append) has nothing
// to compare; gates then replay.
async function compareProjection(
  store: EventStore,
  ladder: TrustLadder,
  replay: LedgerReplay,
  trust: ReturnType<typeof trustLevelsOf>,
  head: Head,
  report: (code: VerifyIssueCode, position: number, message: string) => void,
): Promise<void> {
  const stored = await store.readProjection(undefined, { records: { kind: TRUST_LEVEL_KIND } });
  const meta = stored.meta;
  if (!meta) return;
  if (meta.head.seq !== head.seq || meta.head.hash !== head.hash) {
    report(
      'projection_mismatch',
      meta.head.seq,
      `the projection reflects head seq ${meta.head.seq}, the log ends at seq ${head.seq}`,
    );
    return;
  }
  if (meta.ladder !== ladder.digest) {
    report(
      'projection_mismatch',
      head.seq,
      `the projection was folded under ladder ${meta.ladder}, not ${ladder.digest}`,
    );
    return;
  }
  if ((meta.newestAt ?? undefined) !== replay.projection.newestAt)
    report(
      'projection_mismatch',
      head.seq,
      `the projection's newest time ${meta.newestAt} differs from the log's`,
    );
  const key = (s: SubjectSnapshot) => `${s.agent}\u0000${s.taskClass}`;
  const order = (a: SubjectSnapshot, b: SubjectSnapshot) => compareCodePoints(key(a), key(b));
  const want = new Map(replay.projection.snapshots().map((s) => [key(s), canonicalJson(s)]));
  // Stored rows as the gates read them (restored, then written out again): a row in an older
  // form that restores to the same state is equal; one that does not restore is a mismatch.
  let restored: SubjectSnapshot[];
  try {
    restored = LedgerProjection.restore(ladder, stored.subjects, { newestAt: meta.newestAt }).snapshots();
  } catch (e) {
    report('projection_mismatch', head.seq, `a projection row does not restore: ${(e as Error).message}`);
    return;
  }
  const have = new Map(restored.sort(order).map((s) => [key(s), canonicalJson(s)]));
  for (const [k, v] of have)
    if (want.get(k) !== v)
      report(
        'projection_mismatch',
        head.seq,
        `subject ${k.replace('\u0000', ' / ')} differs from the fold of the log`,
      );
  const wantTrust = new Map(trustLevelRecords(trust).map((r) => [r.key, r.value]));
  const haveTrust = new Map(stored.records.map((r) => [r.key, r.value]));
  for (const [k, v] of wantTrust)
    if (haveTrust.get(k) !== v)
      report('projection_mismatch', head.seq, `trust level ${k} differs from the fold of the log`);
  for (const k of haveTrust.keys())
    if (!wantTrust.has(k)) report('projection_mismatch', head.seq, `trust level ${k} is not in the log`);
  for (const k of want.keys())
    if (!have.has(k))
      report(
        'projection_mismatch',
        head.seq,
        `subject ${k.replace('\u0000', ' / ')} is missing from the projection`,
      );
}
