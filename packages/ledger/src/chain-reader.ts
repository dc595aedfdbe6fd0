import { validateEvent } from '@trustladder/core';
import { LedgerError } from './errors.js';
import { decodeLine, type Head, type StoredRecord } from './record-codec.js';

/**
 * Checks records as a store reads them, in order: each line's own hash, the chain from the
 * previous one, consecutive seqs, a valid event. Anything else is CORRUPT, naming where:
 * a reader never builds state on a log it cannot trust (run `ledger verify` for the details).
 */
export class ChainReader {
  private expected: Head;
  private readonly location: string;
  private readonly positionName: string;

  constructor(from: Head, location: string, positionName: string) {
    this.expected = from;
    this.location = location;
    this.positionName = positionName;
  }

  get head(): Head {
    return this.expected;
  }

  next(line: string, position: number): StoredRecord {
    const decoded = decodeLine(line);
    if (!decoded.ok) throw this.corrupt(position, decoded.message);
    const r = decoded.record;
    if (r.prev !== this.expected.hash || r.seq !== this.expected.seq + 1)
      throw this.corrupt(
        position,
        `seq ${r.seq} does not follow seq ${this.expected.seq} in the hash chain (an event was changed, inserted, removed or reordered)`,
      );
    if (r.batchEnd < r.seq) throw this.corrupt(position, 'batchEnd is before the event itself');
    const valid = validateEvent(r.event, { mode: 'stored' });
    if (!valid.ok)
      throw this.corrupt(position, `invalid event: ${valid.issues[0]?.path} ${valid.issues[0]?.message}`);
    this.expected = { seq: r.seq, hash: r.hash };
    return r;
  }

  private corrupt(position: number, why: string): LedgerError {
    return new LedgerError(
      'CORRUPT',
      `${this.location} ${this.positionName} ${position}: ${why}; run \`trustladder ledger verify\``,
      {
        location: this.location,
        position,
      },
    );
  }
}
