import { type FileHandle, open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ChainReader } from './chain-reader.js';
import { LedgerError } from './errors.js';
import type {
  AppendResult,
  EventStore,
  RawEntry,
  ReadOptions,
  StoredProjection,
} from './event-store.types.js';
import { readLines } from './line-reader.js';
import { EMPTY_HEAD, type Head, type StoredRecord } from './record-codec.js';

/** The bytes after the last complete batch: an append that never completed, or damage. */
export interface PendingTail {
  readonly offset: number;
  readonly bytes: number;
  /** The line where it starts. */
  readonly line: number;
}

/**
 * A log of JSON lines (see record-codec.ts): the interchange format that `ledger export`
 * writes and `ledger import` and `ledger verify` read. Read-only: a file has no lock that
 * survives a paused writer and no atomic append, so nothing is ever appended to one (import
 * it into SQLite or PostgreSQL). Reads stop at the last complete batch and never build on
 * what follows it: `torn` names it, and verify reports it as an error.
 */
export class JsonlEventStore implements EventStore {
  readonly kind = 'jsonl' as const;
  readonly positionName = 'line' as const;
  readonly path: string;
  readonly location: string;
  private pendingTail: PendingTail | undefined;

  constructor(path: string) {
    this.path = resolve(path);
    this.location = path;
  }

  /** What follows the last complete batch, as the last read found it. */
  get torn(): PendingTail | undefined {
    return this.pendingTail;
  }

  async head(): Promise<Head> {
    let last: Head = EMPTY_HEAD;
    for await (const r of this.read()) last = r;
    return { seq: last.seq, hash: last.hash };
  }

  async *read(options: ReadOptions = {}): AsyncIterable<StoredRecord> {
    const after = options.after?.seq ?? 0;
    const fh = await this.openForRead();
    if (!fh) return;
    try {
      const chain = new ChainReader(EMPTY_HEAD, this.location, 'line');
      let pending: StoredRecord[] = [];
      let line = 0;
      let committedLine = 0;
      let committedOffset = 0;
      const size = (await fh.stat()).size;
      this.pendingTail = undefined;
      for await (const lines of readLines(fh, 0, size)) {
        for (const l of lines) {
          line++;
          if (!l.terminated) break;
          const r = chain.next(l.text, line);
          const open = pending[0];
          if (open !== undefined && r.batchEnd !== open.batchEnd)
            throw new LedgerError(
              'CORRUPT',
              `${this.location} line ${line}: a batch ends before its batchEnd`,
              {
                location: this.location,
                position: line,
              },
            );
          pending.push(r);
          if (r.seq === r.batchEnd) {
            for (const p of pending) if (p.seq > after) yield p;
            pending = [];
            committedLine = line;
            committedOffset = l.next;
          }
        }
      }
      if (committedOffset < size)
        this.pendingTail = {
          offset: committedOffset,
          bytes: size - committedOffset,
          line: committedLine + 1,
        };
    } finally {
      await fh.close();
    }
  }

  async *scan(): AsyncIterable<RawEntry> {
    const fh = await this.openForRead();
    if (!fh) return;
    try {
      let line = 0;
      for await (const lines of readLines(fh, 0, (await fh.stat()).size)) {
        for (const l of lines) yield { position: ++line, line: l.text, terminated: l.terminated };
      }
    } finally {
      await fh.close();
    }
  }

  async append(): Promise<AppendResult> {
    throw this.readOnly();
  }

  async readProjection(): Promise<StoredProjection> {
    // A JSON-lines log keeps no projection: readers replay it. Without a meta no caller looks
    // at the head, so the file is not read here.
    return { head: EMPTY_HEAD, meta: undefined, subjects: [], agents: [], records: [] };
  }

  async load(): Promise<void> {
    throw this.readOnly();
  }

  async close(): Promise<void> {}

  private readOnly(): LedgerError {
    return new LedgerError(
      'READ_ONLY',
      `${this.location} is a JSON-lines log, which is read-only: \`trustladder ledger import\` it into a ledger.db (SQLite) or PostgreSQL ledger`,
      { location: this.location },
    );
  }

  private async openForRead(): Promise<FileHandle | undefined> {
    try {
      return await open(this.path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new LedgerError('UNAVAILABLE', `cannot read ${this.location}: ${(e as Error).message}`, {
        location: this.location,
        cause: e,
      });
    }
  }
}
