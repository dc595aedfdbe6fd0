import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SubjectSnapshot } from '@trustladder/core';
import { ChainReader } from './chain-reader.js';
import { LedgerError } from './errors.js';
import type {
  AppendContext,
  AppendResult,
  EventStore,
  PrepareBatch,
  ProjectionMeta,
  ProjectionRecord,
  ProjectionUpdate,
  RawEntry,
  ReadOptions,
  ReadProjectionOptions,
  StoredProjection,
} from './event-store.types.js';
import { Mutex, toPreparedBatch } from './prepared-batch.js';
import { EMPTY_HEAD, encodeBatch, type Head, type StoredRecord } from './record-codec.js';

export interface SqliteStoreOptions {
  /**
   * How long an append waits for another process's write transaction (SQLite's busy
   * timeout) before LOCK_TIMEOUT. Default 60 000 ms. A paused writer keeps its lock: the
   * others wait, they never take it over.
   */
  readonly busyTimeoutMs?: number;
}

const ROWS_PER_INSERT = 64;
const PAGE = 5000;
// SQLite's own busy wait sleeps on the thread, which would stall another connection of this
// process that holds the lock and awaits its prepare: wait briefly there, then poll here.
const SQLITE_BUSY_MS = 20;

interface Row {
  seq: number;
  id: string;
  hash: string;
  line: string;
}

/**
 * The embedded default store: one SQLite database through Node's built-in `node:sqlite` (no
 * native build, no server). WAL with `synchronous=FULL`: a commit is on disk before the
 * append resolves. An append is one `BEGIN IMMEDIATE` transaction, so the kernel's file locks
 * order writers across processes (a writer paused while it holds the lock makes the others
 * wait; a killed one releases it with its file descriptors), and the batch, its chain and the
 * projection commit together or not at all. Rows hold the same hash-chained lines as the
 * JSON-lines export.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  readonly positionName = 'seq' as const;
  readonly path: string;
  readonly location: string;
  private readonly busyMs: number;
  private db: DatabaseSync | undefined;
  private statements: Map<string, StatementSync> = new Map();
  private readonly mutex = new Mutex();

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.path = resolve(path);
    this.location = path;
    this.busyMs = options.busyTimeoutMs ?? 60_000;
    if (!Number.isSafeInteger(this.busyMs) || this.busyMs < 0)
      throw new LedgerError('INVALID_LOCATION', 'busyTimeoutMs must be a whole number of milliseconds', {
        location: path,
      });
  }

  async head(): Promise<Head> {
    return this.mutex.run(async () => ((await this.open(false)) ? this.headOf() : EMPTY_HEAD));
  }

  async *read(options: ReadOptions = {}): AsyncIterable<StoredRecord> {
    const chain = new ChainReader(options.after ?? EMPTY_HEAD, this.location, 'seq');
    for (;;) {
      const rows = await this.mutex.run(async () =>
        (await this.open(false)) ? this.page(chain.head.seq) : [],
      );
      for (const row of rows) yield this.check(chain, row);
      if (rows.length < PAGE) return;
    }
  }

  async *scan(): AsyncIterable<RawEntry> {
    let after = 0;
    for (;;) {
      const rows = await this.mutex.run(async () => ((await this.open(false)) ? this.page(after) : []));
      for (const row of rows) {
        yield {
          position: row.seq,
          line: row.line,
          terminated: true,
          columns: { seq: row.seq, id: row.id, hash: row.hash },
        };
        after = row.seq;
      }
      if (rows.length < PAGE) return;
    }
  }

  async append(prepare: PrepareBatch): Promise<AppendResult> {
    return this.mutex.run(async () => {
      await this.open(true);
      await this.begin();
      try {
        const head = this.headOf();
        const context: AppendContext = {
          head,
          readAfter: (from) => this.readUnlocked(from),
          projection: async (agents, options) => this.projectionOf(agents, options ?? {}),
        };
        const batch = toPreparedBatch(await prepare(context), this.location);
        const records = encodeBatch(head, batch.events);
        this.insertRows(records);
        const last = records[records.length - 1] as StoredRecord;
        const newHead = { seq: last.seq, hash: last.hash };
        this.writeProjection(newHead, batch.projection);
        this.exec('COMMIT');
        return { records, head: newHead };
      } catch (e) {
        this.rollback();
        throw this.wrap(e);
      }
    });
  }

  async readProjection(
    agents?: readonly string[],
    options: ReadProjectionOptions = {},
  ): Promise<StoredProjection> {
    return this.mutex.run(async () => {
      if (!(await this.open(false)))
        return { head: EMPTY_HEAD, meta: undefined, subjects: [], agents: [], records: [] };
      // One read transaction: the head, the meta and the subjects are one snapshot.
      this.exec('BEGIN');
      try {
        const result = this.projectionOf(agents, options);
        this.exec('COMMIT');
        return result;
      } catch (e) {
        this.rollback();
        throw this.wrap(e);
      }
    });
  }

  async load(
    records: AsyncIterable<StoredRecord>,
    expect: Head,
    projection: ProjectionUpdate,
  ): Promise<void> {
    await this.mutex.run(async () => {
      await this.open(true);
      await this.begin();
      try {
        if (this.headOf().seq !== 0)
          throw new LedgerError('CORRUPT', `${this.location} is not empty: import only into a new ledger`, {
            location: this.location,
          });
        const chain = new ChainReader(EMPTY_HEAD, this.location, 'seq');
        const insert = this.statement('INSERT INTO events (seq, id, hash, line) VALUES (?, ?, ?, ?)');
        for await (const r of records) {
          const checked = chain.next(r.line, r.seq);
          insert.run(checked.seq, checked.id, checked.hash, checked.line);
        }
        if (chain.head.seq !== expect.seq || chain.head.hash !== expect.hash)
          throw new LedgerError(
            'CORRUPT',
            `the log changed while it was imported (head seq ${chain.head.seq})`,
            {
              location: this.location,
            },
          );
        this.writeProjection(chain.head, projection);
        this.exec('COMMIT');
      } catch (e) {
        this.rollback();
        throw this.wrap(e);
      }
    });
  }

  async close(): Promise<void> {
    await this.mutex.run(() => {
      this.statements = new Map();
      this.db?.close();
      this.db = undefined;
    });
  }

  // Opens the database on first use. Reads never create a file: a log that is not there is
  // empty. The schema is created under the write lock, so two first writers cannot collide.
  private async open(create: boolean): Promise<DatabaseSync | undefined> {
    if (this.db) return this.db;
    if (!create && !existsSync(this.path)) return undefined;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const db = new DatabaseSync(this.path, { timeout: SQLITE_BUSY_MS });
      this.db = db;
      await this.whenNotBusy(() => db.exec('PRAGMA journal_mode = WAL'));
      db.exec('PRAGMA synchronous = FULL');
      await this.begin();
      db.exec(`CREATE TABLE IF NOT EXISTS events (
                 seq INTEGER PRIMARY KEY CHECK (seq > 0),
                 id TEXT NOT NULL UNIQUE,
                 hash TEXT NOT NULL,
                 line TEXT NOT NULL)`);
      db.exec(`CREATE TABLE IF NOT EXISTS projection_meta (
                 one INTEGER PRIMARY KEY CHECK (one = 1),
                 seq INTEGER NOT NULL, hash TEXT NOT NULL, ladder TEXT NOT NULL, newest_at TEXT)`);
      db.exec(`CREATE TABLE IF NOT EXISTS projection_subjects (
                 agent TEXT NOT NULL, task_class TEXT NOT NULL, state TEXT NOT NULL,
                 PRIMARY KEY (agent, task_class)) WITHOUT ROWID`);
      db.exec(`CREATE TABLE IF NOT EXISTS projection_records (
                 kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
                 PRIMARY KEY (kind, key)) WITHOUT ROWID`);
      this.exec('COMMIT');
      return db;
    } catch (e) {
      this.rollback();
      this.db?.close();
      this.db = undefined;
      this.statements = new Map();
      throw this.wrap(e);
    }
  }

  // Rows in statements of up to ROWS_PER_INSERT rows: a large batch crosses from JavaScript
  // into SQLite once per group instead of once per event.
  private insertRows(records: readonly StoredRecord[]): void {
    let i = 0;
    if (records.length >= ROWS_PER_INSERT) {
      const many = this.statement(
        `INSERT INTO events (seq, id, hash, line) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?)').join(', ')}`,
      );
      const values: (string | number)[] = new Array(ROWS_PER_INSERT * 4);
      for (; i + ROWS_PER_INSERT <= records.length; i += ROWS_PER_INSERT) {
        for (let j = 0; j < ROWS_PER_INSERT; j++) {
          const r = records[i + j] as StoredRecord;
          values[j * 4] = r.seq;
          values[j * 4 + 1] = r.id;
          values[j * 4 + 2] = r.hash;
          values[j * 4 + 3] = r.line;
        }
        many.run(...values);
      }
    }
    const one = this.statement('INSERT INTO events (seq, id, hash, line) VALUES (?, ?, ?, ?)');
    for (; i < records.length; i++) {
      const r = records[i] as StoredRecord;
      one.run(r.seq, r.id, r.hash, r.line);
    }
  }

  private statement(sql: string): StatementSync {
    let s = this.statements.get(sql);
    if (!s) {
      s = (this.db as DatabaseSync).prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private exec(sql: string): void {
    (this.db as DatabaseSync).exec(sql);
  }

  // BEGIN IMMEDIATE takes the write lock now (waiting up to the busy timeout), so the head
  // read next is the head the batch chains from.
  private async begin(): Promise<void> {
    await this.whenNotBusy(() => this.exec('BEGIN IMMEDIATE'));
  }

  // Retries `fn` while another connection holds the lock, polling without blocking the
  // thread, until the busy timeout: then LOCK_TIMEOUT.
  private async whenNotBusy(fn: () => void): Promise<void> {
    const started = Date.now();
    for (;;) {
      try {
        fn();
        return;
      } catch (e) {
        const busy = ((e as { errcode?: number }).errcode ?? 0) & 0xff;
        if ((busy !== 5 && busy !== 6) || Date.now() - started >= this.busyMs) throw this.wrap(e);
        await sleep(1 + Math.floor(Math.random() * 10));
      }
    }
  }

  private rollback(): void {
    try {
      if (this.db?.isTransaction) this.exec('ROLLBACK');
    } catch {
      // the connection is gone; nothing was committed
    }
  }

  private headOf(): Head {
    const row = this.statement('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as
      | { seq: number; hash: string }
      | undefined;
    return row ? { seq: row.seq, hash: row.hash } : EMPTY_HEAD;
  }

  private page(after: number): Row[] {
    try {
      return this.statement(
        `SELECT seq, id, hash, line FROM events WHERE seq > ? ORDER BY seq LIMIT ${PAGE}`,
      ).all(after) as unknown as Row[];
    } catch (e) {
      throw this.wrap(e);
    }
  }

  private check(chain: ChainReader, row: Row): StoredRecord {
    const record = chain.next(row.line, row.seq);
    if (record.seq !== row.seq || record.id !== row.id || record.hash !== row.hash)
      throw new LedgerError(
        'CORRUPT',
        `${this.location} seq ${row.seq}: the row's columns differ from its line`,
        {
          location: this.location,
          position: row.seq,
        },
      );
    return record;
  }

  // Inside the append's transaction (the mutex is held): no locking here.
  private async *readUnlocked(from: Head): AsyncGenerator<StoredRecord> {
    const chain = new ChainReader(from, this.location, 'seq');
    for (;;) {
      const rows = this.page(chain.head.seq);
      for (const row of rows) yield this.check(chain, row);
      if (rows.length < PAGE) return;
    }
  }

  private projectionOf(
    agents: readonly string[] | undefined,
    options: ReadProjectionOptions,
  ): StoredProjection {
    const head = this.headOf();
    const m = this.statement(
      'SELECT seq, hash, ladder, newest_at FROM projection_meta WHERE one = 1',
    ).get() as { seq: number; hash: string; ladder: string; newest_at: string | null } | undefined;
    const meta: ProjectionMeta | undefined = m
      ? { head: { seq: m.seq, hash: m.hash }, ladder: m.ladder, newestAt: m.newest_at }
      : undefined;
    const rows: { state: string }[] = [];
    if (agents === undefined)
      for (const r of this.statement(
        'SELECT state FROM projection_subjects ORDER BY agent, task_class',
      ).iterate())
        rows.push(r as { state: string });
    else {
      const byAgent = this.statement(
        'SELECT state FROM projection_subjects WHERE agent = ? ORDER BY task_class',
      );
      for (const a of new Set(agents)) for (const r of byAgent.iterate(a)) rows.push(r as { state: string });
    }
    const subjects = rows.map((r) => parseSnapshot(r.state, this.location));
    const known = options.withAgents
      ? (this.statement('SELECT DISTINCT agent FROM projection_subjects').all() as { agent: string }[]).map(
          (r) => r.agent,
        )
      : [];
    const records: ProjectionRecord[] = [];
    const want = options.records;
    if (want?.keys === undefined && want)
      for (const r of this.statement(
        'SELECT key, value FROM projection_records WHERE kind = ? ORDER BY key',
      ).iterate(want.kind))
        records.push({ kind: want.kind, ...(r as { key: string; value: string }) });
    else if (want?.keys) {
      const one = this.statement('SELECT key, value FROM projection_records WHERE kind = ? AND key = ?');
      for (const k of new Set(want.keys)) {
        const r = one.get(want.kind, k) as { key: string; value: string } | undefined;
        if (r) records.push({ kind: want.kind, ...r });
      }
    }
    return { head, meta, subjects, agents: known, records };
  }

  private writeProjection(head: Head, update: ProjectionUpdate | undefined): void {
    if (!update) {
      // A batch appended without its projection: drop the projection so no gate trusts a stale one.
      this.exec('DELETE FROM projection_meta');
      return;
    }
    if (update.replace) this.exec('DELETE FROM projection_subjects; DELETE FROM projection_records');
    const record = this.statement(
      'INSERT OR REPLACE INTO projection_records (kind, key, value) VALUES (?, ?, ?)',
    );
    for (const r of update.records ?? []) record.run(r.kind, r.key, r.value);
    const upsert = this.statement(
      'INSERT OR REPLACE INTO projection_subjects (agent, task_class, state) VALUES (?, ?, ?)',
    );
    for (const s of update.subjects) upsert.run(s.agent, s.taskClass, JSON.stringify(s));
    this.statement(
      'INSERT OR REPLACE INTO projection_meta (one, seq, hash, ladder, newest_at) VALUES (1, ?, ?, ?, ?)',
    ).run(head.seq, head.hash, update.ladder, update.newestAt);
  }

  // SQLite's result codes (the primary code is the low byte): busy means another writer held
  // the lock past the timeout; corrupt or not-a-database means the file was damaged.
  private wrap(e: unknown): unknown {
    if (e instanceof LedgerError || !(e instanceof Error)) return e;
    const errcode = (e as { errcode?: unknown }).errcode;
    if (typeof errcode !== 'number') return e;
    const primary = errcode & 0xff;
    const where = { location: this.location, cause: e };
    if (primary === 5 || primary === 6)
      return new LedgerError(
        'LOCK_TIMEOUT',
        `another writer held the lock on ${this.location} for over ${this.busyMs} ms`,
        where,
      );
    if (primary === 11 || primary === 26)
      return new LedgerError(
        'CORRUPT',
        `${this.location}: the database is damaged (${e.message}); run \`trustladder ledger verify\``,
        where,
      );
    return new LedgerError('UNAVAILABLE', `${this.location}: ${e.message}`, where);
  }
}

/** A stored subject row: untrusted, checked for shape before the fold resumes from it. */
export function parseSnapshot(text: string, location: string): SubjectSnapshot {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    v = undefined;
  }
  const s = v as SubjectSnapshot | undefined;
  if (
    !s ||
    typeof s !== 'object' ||
    typeof s.agent !== 'string' ||
    typeof s.taskClass !== 'string' ||
    !Array.isArray(s.runs)
  )
    throw new LedgerError(
      'CORRUPT',
      `${location}: a projection row is damaged; run \`trustladder ledger verify\``,
      {
        location,
      },
    );
  return s;
}
