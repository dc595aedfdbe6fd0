import {
  canonicalJson,
  loadRemediationLadder,
  type RemediationLadder,
  type RemediationSnapshot,
  RemediationState,
} from '@trustladder/core';
import { LedgerError } from './errors.js';
import type { ProjectionRecord } from './event-store.types.js';
import type { Head } from './record-codec.js';

// The remediation fold of one pipeline under one remediation ladder, as one keyed projection
// row. The ledger does not know the remediation ladders (`ledger record` takes only the trust
// ladder), so the row cannot move with every append: it carries the head it reflects, and a
// reader catches up from there with the events after it (read through the hash chain, which
// also proves that head is in the log). The remediation commands write it in the transaction
// of their own appends, so it is current whenever they read it. It holds the ladder document,
// so `ledger verify` can fold the log under it and compare without being given the ladder.

export const REMEDIATION_KIND = 'remediation';

export function remediationKey(ladder: RemediationLadder): string {
  return JSON.stringify([ladder.agent, ladder.digest]);
}

export interface RemediationRow {
  readonly head: Head;
  readonly ladder: RemediationLadder;
  readonly snapshot: RemediationSnapshot;
  /** The fold resumed from the snapshot. */
  readonly state: RemediationState;
}

export function remediationRecord(
  ladder: RemediationLadder,
  head: Head,
  state: RemediationState,
): ProjectionRecord {
  return {
    kind: REMEDIATION_KIND,
    key: remediationKey(ladder),
    value: JSON.stringify({ head, ladder: ladder.document, state: state.snapshot() }),
  };
}

const HASH = /^sha256:[0-9a-f]{64}$/;

/** A stored row, untrusted: its shape, its ladder (loaded and matched to the key) and its head. */
export function readRemediationRow(record: ProjectionRecord, location: string): RemediationRow {
  const damaged = (why: string) =>
    new LedgerError(
      'CORRUPT',
      `${location}: the remediation projection row ${record.key} is damaged (${why}); run \`trustladder ledger verify\``,
      { location },
    );
  let v: { head?: Head; ladder?: unknown; state?: RemediationSnapshot } | undefined;
  try {
    v = JSON.parse(record.value);
  } catch {
    throw damaged('not JSON');
  }
  const head = v?.head;
  if (
    !head ||
    !Number.isSafeInteger(head.seq) ||
    head.seq < 1 ||
    typeof head.hash !== 'string' ||
    !HASH.test(head.hash)
  )
    throw damaged('head');
  let ladder: RemediationLadder;
  try {
    ladder = loadRemediationLadder(JSON.stringify(v?.ladder), { source: `${location} ${record.key}` });
  } catch {
    throw damaged('ladder');
  }
  if (remediationKey(ladder) !== record.key) throw damaged('the ladder is not the one its key names');
  const snapshot = v?.state as RemediationSnapshot;
  let state: RemediationState;
  try {
    state = RemediationState.restore(ladder, snapshot);
  } catch (e) {
    throw damaged((e as Error).message);
  }
  return { head: { seq: head.seq, hash: head.hash }, ladder, snapshot, state };
}

/** The snapshot as verify compares it: canonical JSON of what a row would store. */
export function snapshotText(state: RemediationState | RemediationSnapshot): string {
  return canonicalJson(state instanceof RemediationState ? state.snapshot() : state);
}
