import { RemediationState } from '@trustladder/core';
import { LedgerError } from './errors.js';
import type { EventStore } from './event-store.types.js';
import type { Head, StoredRecord } from './record-codec.js';
import {
  REMEDIATION_KIND,
  type RemediationRow,
  readRemediationRow,
  snapshotText,
} from './remediation-projection.js';

type Report = (code: 'projection_mismatch', position: number, message: string) => void;

// Verify's side of the remediation projection: every stored row is folded afresh, under the
// ladder it holds, alongside verify's one pass over the log, and compared when the pass
// reaches the head the row reflects (its hash must be the log's there, too).
export class RemediationRowCheck {
  private readonly open: { key: string; row: RemediationRow; fold: RemediationState }[];
  private readonly report: Report;

  private constructor(rows: { key: string; row: RemediationRow }[], report: Report) {
    this.open = rows.map((r) => ({ ...r, fold: new RemediationState(r.row.ladder) }));
    this.report = report;
  }

  static async read(store: EventStore, report: Report): Promise<RemediationRowCheck> {
    const stored = await store.readProjection([], { records: { kind: REMEDIATION_KIND } });
    const rows: { key: string; row: RemediationRow }[] = [];
    for (const record of stored.records) {
      try {
        rows.push({ key: record.key, row: readRemediationRow(record, store.location) });
      } catch (e) {
        if (!(e instanceof LedgerError)) throw e;
        report('projection_mismatch', stored.head.seq, e.message);
      }
    }
    return new RemediationRowCheck(rows, report);
  }

  push(r: StoredRecord, position: number): void {
    for (let i = this.open.length - 1; i >= 0; i--) {
      const check = this.open[i] as (typeof this.open)[number];
      if (r.seq > check.row.head.seq) continue;
      check.fold.apply(r.event);
      if (r.seq < check.row.head.seq) continue;
      this.open.splice(i, 1);
      if (r.hash !== check.row.head.hash)
        this.report(
          'projection_mismatch',
          position,
          `the remediation projection ${check.key} reflects ${check.row.head.hash} at seq ${r.seq}, the log holds ${r.hash}`,
        );
      else if (snapshotText(check.fold) !== snapshotText(check.row.snapshot))
        this.report(
          'projection_mismatch',
          position,
          `the remediation projection ${check.key} differs from the fold of the log up to seq ${r.seq}`,
        );
    }
  }

  /** Rows whose head the log never reached. */
  finish(end: Head): void {
    for (const check of this.open)
      this.report(
        'projection_mismatch',
        end.seq,
        `the remediation projection ${check.key} reflects seq ${check.row.head.seq}, the log ends at seq ${end.seq}`,
      );
  }
}
