import { LedgerError } from './errors.js';
import type { PreparedBatch } from './event-store.types.js';

/** A prepare's result as a PreparedBatch; an empty batch is EMPTY_BATCH (nothing to append). */
export function toPreparedBatch(
  result: PreparedBatch | PreparedBatch['events'],
  location: string,
): PreparedBatch {
  const batch: PreparedBatch = Array.isArray(result) ? { events: result } : (result as PreparedBatch);
  if (batch.events.length === 0) throw new LedgerError('EMPTY_BATCH', 'nothing to append', { location });
  return batch;
}

/** A small in-process mutex: one connection serves one transaction at a time. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => {
      release = r;
    });
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
