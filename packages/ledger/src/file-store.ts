import { constants } from 'node:fs';
import { type FileHandle, mkdir, open, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { ChainReader } from './chain-reader.js';
import { LedgerError } from './errors.js';
import type {
  AppendContext,
  AppendResult,
  EventStore,
  PrepareBatch,
  RawEntry,
  ReadOptions,
  TornTail,
} from './event-store.types.js';
import { readLines } from './line-reader.js';
import { EMPTY_HEAD, encodeBatch, type Head, type StoredRecord } from './record-codec.js';

export interface FileStoreOptions {
  /**
   * A lock whose holder stopped refreshing it for this long belongs to a dead writer and is
   * taken over (proper-lockfile's mtime staleness). Default 10 000 ms; at least 2 000.
   */
  readonly lockStaleMs?: number;
  /** How long an append waits for the lock before LOCK_TIMEOUT. Default 60 000 ms. */
  readonly lockTimeoutMs?: number;
}

/** Where this process last saw a committed batch end: later reads start from there. */
interface Cursor extends Head {
  readonly offset: number;
  readonly line: number;
}

const START: Cursor = { ...EMPTY_HEAD, offset: 0, line: 0 };

/** The bytes after the last committed batch: an append that never completed. */
export interface PendingTail {
  readonly offset: number;
  readonly bytes: number;
}

/**
 * The embedded store: one file of JSON lines (see record-codec.ts). Appends take an
 * inter-process lock (proper-lockfile: an atomic mkdir, refreshed while held, taken over when
 * stale), write the whole batch at the end in one go and fsync before they resolve. A crash
 * mid-append leaves a torn tail (an unterminated line, or a batch without its last line): it
 * was never acknowledged, so reads skip it and report it, and the next append saves it to a
 * side file and cuts it off. Nothing before it is touched.
 */
export class FileEventStore implements EventStore {
  readonly kind = 'file' as const;
  readonly positionName = 'line' as const;
  readonly path: string;
  readonly location: string;
  private readonly lockPath: string;
  private readonly staleMs: number;
  private readonly timeoutMs: number;
  private cursor: Cursor = START;
  private pendingTail: PendingTail | undefined;

  constructor(path: string, options: FileStoreOptions = {}) {
    this.path = resolve(path);
    this.location = path;
    this.lockPath = `${this.path}.lock`;
    this.staleMs = Math.max(2000, options.lockStaleMs ?? 10_000);
    this.timeoutMs = options.lockTimeoutMs ?? 60_000;
  }

  /** The torn tail the last read or scan ended on, if any. */
  get torn(): PendingTail | undefined {
    return this.pendingTail;
  }

  async head(): Promise<Head> {
    let last: Head = { seq: this.cursor.seq, hash: this.cursor.hash };
    for await (const r of this.read({ after: last })) last = r;
    return { seq: last.seq, hash: last.hash };
  }

  async *read(options: ReadOptions = {}): AsyncIterable<StoredRecord> {
    const after = options.after ?? EMPTY_HEAD;
    const fh = await this.openForRead();
    if (!fh) return;
    try {
      const size = (await fh.stat()).size;
      this.checkNotShrunk(size);
      const from = after.seq === this.cursor.seq && after.hash === this.cursor.hash ? this.cursor : START;
      for await (const batch of this.committed(fh, from, size)) {
        for (const r of batch) if (r.seq > after.seq) yield r;
      }
    } finally {
      await fh.close();
    }
  }

  async *scan(): AsyncIterable<RawEntry> {
    // Under the lock when we can get it, so an append in progress is not mistaken for a torn
    // one; a read-only copy of a log is scanned as it is.
    const release = await this.lock().catch((e: unknown) => {
      if (e instanceof LedgerError && e.code === 'LOCK_TIMEOUT') throw e;
      return undefined;
    });
    try {
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
    } finally {
      await release?.();
    }
  }

  async append(prepare: PrepareBatch): Promise<AppendResult> {
    await mkdir(dirname(this.path), { recursive: true }).catch(() => undefined);
    const release = await this.lock();
    let fh: FileHandle | undefined;
    try {
      const existed = await stat(this.path).then(
        () => true,
        () => false,
      );
      fh = await open(this.path, constants.O_RDWR | constants.O_CREAT, 0o644);
      const size = (await fh.stat()).size;
      this.checkNotShrunk(size);
      const before = this.cursor;
      const fresh: StoredRecord[] = [];
      for await (const batch of this.committed(fh, before, size)) fresh.push(...batch);
      const end = this.cursor.offset;
      let repaired: TornTail | undefined;
      if (end < size) repaired = await this.cutTornTail(fh, end, size);
      const head: Head = { seq: this.cursor.seq, hash: this.cursor.hash };
      const handle = fh;
      const context: AppendContext = {
        head,
        readAfter: (from) => this.readAfterUnderLock(handle, from.seq, before, fresh, end),
      };
      const events = await prepare(context);
      if (events.length === 0)
        throw new LedgerError('EMPTY_BATCH', 'nothing to append', { location: this.location });
      const records = encodeBatch(head, events);
      const buffer = Buffer.from(`${records.map((r) => r.line).join('\n')}\n`, 'utf8');
      if (this.compromised) throw this.compromised;
      let written = 0;
      try {
        while (written < buffer.length) {
          const { bytesWritten } = await fh.write(buffer, written, buffer.length - written, end + written);
          written += bytesWritten;
        }
        await fh.sync();
      } catch (e) {
        // Never leave half a batch behind a failed write (a full disk): cut back to the end.
        await fh.truncate(end).catch(() => undefined);
        throw new LedgerError('UNAVAILABLE', `cannot append to ${this.location}: ${(e as Error).message}`, {
          location: this.location,
          cause: e,
        });
      }
      if (!existed) await syncDirectory(dirname(this.path));
      const last = records[records.length - 1] as StoredRecord;
      this.cursor = {
        seq: last.seq,
        hash: last.hash,
        offset: end + buffer.length,
        line: this.cursor.line + records.length,
      };
      return { records, head: { seq: last.seq, hash: last.hash }, ...(repaired ? { repaired } : {}) };
    } finally {
      await fh?.close().catch(() => undefined);
      await release();
    }
  }

  async close(): Promise<void> {}

  private compromised: LedgerError | undefined;

  // Complete batches from `from` to `size`, checked as they are read; the cursor follows each
  // batch that completes. What is left after the last one is the pending (torn) tail.
  private async *committed(fh: FileHandle, from: Cursor, size: number): AsyncGenerator<StoredRecord[]> {
    const chain = new ChainReader(from, this.location, 'line');
    let cursor = from;
    let pending: StoredRecord[] = [];
    let line = from.line;
    this.pendingTail = undefined;
    for await (const lines of readLines(fh, from.offset, size)) {
      const done: StoredRecord[] = [];
      for (const l of lines) {
        line++;
        if (!l.terminated) break; // torn: an append cut short before its newline
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
          done.push(...pending);
          pending = [];
          cursor = { seq: r.seq, hash: r.hash, offset: l.next, line };
        }
      }
      if (done.length > 0) {
        if (this.cursor.seq < cursor.seq) this.cursor = cursor;
        yield done;
      }
    }
    if (cursor.offset < size) this.pendingTail = { offset: cursor.offset, bytes: size - cursor.offset };
  }

  private async *readAfterUnderLock(
    fh: FileHandle,
    seq: number,
    scannedFrom: Cursor,
    scanned: readonly StoredRecord[],
    end: number,
  ): AsyncGenerator<StoredRecord> {
    if (seq >= scannedFrom.seq) {
      for (const r of scanned) if (r.seq > seq) yield r;
      return;
    }
    for await (const batch of this.committed(fh, START, end)) for (const r of batch) if (r.seq > seq) yield r;
  }

  // Committed batches are never rewritten: a file shorter than a boundary this process saw
  // was truncated by someone.
  private checkNotShrunk(size: number): void {
    if (size < this.cursor.offset)
      throw new LedgerError(
        'CORRUPT',
        `${this.location} is shorter than when it was last read: committed events were removed`,
        {
          location: this.location,
          position: this.cursor.line,
        },
      );
  }

  private async cutTornTail(fh: FileHandle, offset: number, size: number): Promise<TornTail> {
    const bytes = Buffer.alloc(size - offset);
    await fh.read(bytes, 0, bytes.length, offset);
    const savedTo = `${this.path}.torn-${offset}`;
    await writeFile(savedTo, bytes, { flag: 'w' });
    const saved = await open(savedTo, 'r');
    await saved.sync();
    await saved.close();
    await fh.truncate(offset);
    await fh.sync();
    this.pendingTail = undefined;
    return { offset, bytes: bytes.length, savedTo: basename(savedTo) };
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

  // proper-lockfile's own retries back off exponentially; polling here keeps waits short
  // under contention and the total bounded by the timeout.
  private async lock(): Promise<() => Promise<void>> {
    const started = Date.now();
    this.compromised = undefined;
    for (;;) {
      try {
        const release = await lockfile.lock(this.path, {
          realpath: false,
          lockfilePath: this.lockPath,
          stale: this.staleMs,
          update: Math.max(1000, Math.floor(this.staleMs / 4)),
          onCompromised: (e: Error) => {
            this.compromised = new LedgerError(
              'LOCK_COMPROMISED',
              `the lock on ${this.location} was lost: ${e.message}`,
              {
                location: this.location,
                cause: e,
              },
            );
          },
        });
        return async () => {
          await release().catch(() => undefined);
        };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'ELOCKED')
          throw new LedgerError('UNAVAILABLE', `cannot lock ${this.location}: ${(e as Error).message}`, {
            location: this.location,
            cause: e,
          });
        if (Date.now() - started > this.timeoutMs)
          throw new LedgerError(
            'LOCK_TIMEOUT',
            `another writer has held the lock on ${this.location} for over ${this.timeoutMs} ms`,
            {
              location: this.location,
            },
          );
        await sleep(1 + Math.floor(Math.random() * 8));
      }
    }
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}
