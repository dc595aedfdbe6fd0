import pg from 'pg';
import { ChainReader } from './chain-reader.js';
import { LedgerError } from './errors.js';
import type {
  AppendContext,
  AppendResult,
  EventStore,
  PrepareBatch,
  ProjectionRecord,
  ProjectionUpdate,
  RawEntry,
  ReadOptions,
  ReadProjectionOptions,
  StoredProjection,
} from './event-store.types.js';
import { toPreparedBatch } from './prepared-batch.js';
import { EMPTY_HEAD, encodeBatch, type Head, type StoredRecord } from './record-codec.js';
import { parseSnapshot } from './sqlite-store.js';

type Query = (text: string, values?: unknown[]) => Promise<pg.QueryResult>;

export interface PostgresStoreOptions {
  /** The table that holds the log (created when missing). Default `trustladder_ledger`. */
  readonly table?: string;
  /** Connections in the pool. Default 4. */
  readonly maxConnections?: number;
}

const TABLE = /^[a-z_][a-z0-9_]{0,53}$/;
// Appends of one process grouped into one transaction at the most (bounds one commit's size).
const MAX_GROUP = 64;

interface PendingAppend {
  readonly prepare: PrepareBatch;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}
const PAGE = 5000;
// pg_advisory_xact_lock(int4, int4): a fixed namespace plus the table's hash.
const LOCK_NAMESPACE = 0x54524c44; // "TRLD"

/**
 * The shared store: one PostgreSQL table, one row per event (seq, id, hash and the same line
 * the file store writes). An append is one transaction that first takes a transaction-level
 * advisory lock, so concurrent writers on any number of machines queue up: the head they
 * chain from is the committed head, and a batch commits whole or not at all. Commits are
 * durable (synchronous_commit on) before the append resolves.
 *
 * The lock is held through the commit (the next writer must chain from committed rows), so
 * commits are serial. Concurrent appends of one process are therefore grouped: while one
 * transaction runs, the appends that arrive queue up, and the next transaction takes them
 * all, each after its own savepoint, under one lock and one durable commit. Each is prepared
 * from the head the one before it left; one that fails is rolled back to its savepoint and
 * rejected alone; a failed commit rejects them all (none was acknowledged).
 */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  readonly positionName = 'seq' as const;
  readonly location: string;
  readonly table: string;
  private readonly pool: pg.Pool;
  private ready: Promise<void> | undefined;
  private readonly queue: PendingAppend[] = [];
  private leading = false;

  constructor(url: string, options: PostgresStoreOptions = {}) {
    const table = options.table ?? 'trustladder_ledger';
    if (!TABLE.test(table))
      throw new LedgerError('INVALID_LOCATION', `"${table}" is not a plain lower-case table name`, {
        location: url,
      });
    this.table = table;
    this.location = redact(url);
    this.pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 4 });
    // An idle client's error (the server went away) must not crash the process.
    this.pool.on('error', () => undefined);
  }

  async head(): Promise<Head> {
    await this.ensureSchema();
    return this.headOf((text, values) => this.query(text, values));
  }

  async *read(options: ReadOptions = {}): AsyncIterable<StoredRecord> {
    await this.ensureSchema();
    // The chain continues from a head the caller checked before, or from the start.
    yield* this.readRows(options.after ?? EMPTY_HEAD, (text, values) => this.query(text, values));
  }

  async *scan(): AsyncIterable<RawEntry> {
    await this.ensureSchema();
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const r = await this.query<{ seq: string; id: string; hash: string; line: string }>(
        `SELECT seq, id, hash, line FROM ${this.table} WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
        [after],
      );
      for (const row of r.rows) {
        const seq = Number(row.seq);
        yield {
          position: seq,
          line: row.line,
          terminated: true,
          columns: { seq, id: row.id, hash: row.hash },
        };
        after = seq;
      }
      if (r.rows.length < PAGE) return;
    }
  }

  async append(prepare: PrepareBatch): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ prepare, resolve, reject });
      if (!this.leading) void this.lead();
    });
  }

  // The leader: one group after another until nothing waits. Nothing escapes unhandled: every
  // append is settled by appendGroup.
  private async lead(): Promise<void> {
    this.leading = true;
    try {
      while (this.queue.length > 0) await this.appendGroup(this.queue.splice(0, MAX_GROUP));
    } finally {
      this.leading = false;
    }
  }

  private async appendGroup(group: readonly PendingAppend[]): Promise<void> {
    const outcomes: ({ ok: true; result: AppendResult } | { ok: false; error: unknown })[] = [];
    try {
      await this.transaction(
        'BEGIN',
        async (run) => {
          let head = await this.headOf(run);
          // A single append needs no savepoint: its failure rolls the transaction back.
          if (group.length === 1) {
            outcomes.push({
              ok: true,
              result: await this.appendOne(run, head, (group[0] as PendingAppend).prepare),
            });
            return;
          }
          for (const item of group) {
            await run('SAVEPOINT trustladder_append');
            try {
              const result = await this.appendOne(run, head, item.prepare);
              await run('RELEASE SAVEPOINT trustladder_append');
              head = result.head;
              outcomes.push({ ok: true, result });
            } catch (error) {
              await run('ROLLBACK TO SAVEPOINT trustladder_append');
              outcomes.push({ ok: false, error: wrap(error, this.location) });
            }
          }
        },
        true,
      );
    } catch (error) {
      // Not committed: no append of the group was acknowledged.
      for (const item of group) item.reject(error);
      return;
    }
    group.forEach((item, i) => {
      const o = outcomes[i];
      if (o?.ok) item.resolve(o.result);
      else
        item.reject(o ? o.error : new LedgerError('UNAVAILABLE', `${this.location}: the append was not run`));
    });
  }

  private async appendOne(run: Query, head: Head, prepare: PrepareBatch): Promise<AppendResult> {
    const context: AppendContext = {
      head,
      readAfter: (from) => this.readRows(from, run),
      projection: (agents, options) => this.projectionOf(run, agents, options ?? {}, head),
    };
    const batch = toPreparedBatch(await prepare(context), this.location);
    const records = encodeBatch(head, batch.events);
    const last = records[records.length - 1] as StoredRecord;
    const newHead = { seq: last.seq, hash: last.hash };
    const update = batch.projection;
    if (update && !update.replace) await this.insertWithProjection(run, records, newHead, update);
    else {
      await this.insert(run, records);
      await this.writeProjection(run, newHead, update);
    }
    return { records, head: newHead };
  }

  private async headOf(run: Query): Promise<Head> {
    const r = await run(`SELECT seq, hash FROM ${this.table} ORDER BY seq DESC LIMIT 1`);
    const row = r.rows[0] as { seq: string; hash: string } | undefined;
    return row ? { seq: Number(row.seq), hash: row.hash } : EMPTY_HEAD;
  }

  async readProjection(
    agents?: readonly string[],
    options: ReadProjectionOptions = {},
  ): Promise<StoredProjection> {
    // One snapshot: the head, the meta and the subjects agree.
    return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', (run) =>
      this.projectionOf(run, agents, options),
    );
  }

  // Runs `body` in one transaction on one pooled connection: committed when it resolves,
  // rolled back when it throws.
  private async transaction<T>(begin: string, body: (run: Query) => Promise<T>, locked = false): Promise<T> {
    await this.ensureSchema();
    const client = await this.connect();
    try {
      // Round trips while the lock is held delay every other writer: keep them few.
      await client.query(locked ? `${begin}; SET LOCAL synchronous_commit = on` : begin);
      if (locked)
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, this.table]);
      const result = await body((text, values) => client.query(text, values));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw wrap(e, this.location);
    } finally {
      client.release();
    }
  }

  async load(
    records: AsyncIterable<StoredRecord>,
    expect: Head,
    projection: ProjectionUpdate,
  ): Promise<void> {
    await this.transaction(
      'BEGIN',
      async (run) => {
        if ((await this.headOf(run)).seq !== 0)
          throw new LedgerError('CORRUPT', `${this.location} is not empty: import only into a new ledger`, {
            location: this.location,
          });
        const chain = new ChainReader(EMPTY_HEAD, this.location, 'seq');
        let page: StoredRecord[] = [];
        for await (const r of records) {
          page.push(chain.next(r.line, r.seq));
          if (page.length >= PAGE) {
            await this.insert(run, page);
            page = [];
          }
        }
        if (page.length > 0) await this.insert(run, page);
        if (chain.head.seq !== expect.seq || chain.head.hash !== expect.hash)
          throw new LedgerError(
            'CORRUPT',
            `the log changed while it was imported (head seq ${chain.head.seq})`,
            {
              location: this.location,
            },
          );
        await this.writeProjection(run, chain.head, projection);
      },
      true,
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async insert(run: Query, records: readonly StoredRecord[]): Promise<void> {
    await run(
      `INSERT INTO ${this.table} (seq, id, hash, line)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])`,
      [
        records.map((x) => x.seq),
        records.map((x) => x.id),
        records.map((x) => x.hash),
        records.map((x) => x.line),
      ],
    );
  }

  private async projectionOf(
    run: Query,
    agents: readonly string[] | undefined,
    options: ReadProjectionOptions,
    knownHead?: Head,
  ): Promise<StoredProjection> {
    const head = knownHead ?? (await this.headOf(run));
    // The meta and the subjects in one round trip.
    const subjects = `SELECT array_agg(state ORDER BY agent COLLATE "C", task_class COLLATE "C") FROM ${this.table}_subjects`;
    const r = await run(
      `SELECT (SELECT row_to_json(m) FROM (SELECT seq, hash, ladder, newest_at FROM ${this.table}_meta WHERE one = 1) m) AS meta,
              (${agents === undefined ? subjects : `${subjects} WHERE agent = ANY($1::text[])`}) AS states`,
      agents === undefined ? [] : [[...new Set(agents)]],
    );
    const row = r.rows[0] as {
      meta: { seq: number | string; hash: string; ladder: string; newest_at: string | null } | null;
      states: string[] | null;
    };
    const mr = row.meta ?? undefined;
    const known = options.withAgents
      ? (await run(`SELECT DISTINCT agent FROM ${this.table}_subjects`)).rows
      : [];
    return {
      head,
      meta: mr
        ? { head: { seq: Number(mr.seq), hash: mr.hash }, ladder: mr.ladder, newestAt: mr.newest_at }
        : undefined,
      subjects: (row.states ?? []).map((state) => parseSnapshot(state, this.location)),
      agents: (known as { agent: string }[]).map((r) => r.agent),
      records: await this.recordsOf(run, options.records),
    };
  }

  // The batch and its projection in one statement (data-modifying CTEs): one round trip
  // under the lock instead of three.
  private async insertWithProjection(
    run: Query,
    records: readonly StoredRecord[],
    head: Head,
    update: ProjectionUpdate,
  ): Promise<void> {
    const rows = update.records ?? [];
    await run(
      `WITH ev AS (
         INSERT INTO ${this.table} (seq, id, hash, line)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])),
       sub AS (
         INSERT INTO ${this.table}_subjects (agent, task_class, state)
         SELECT * FROM unnest($5::text[], $6::text[], $7::text[])
         ON CONFLICT (agent, task_class) DO UPDATE SET state = EXCLUDED.state),
       rec AS (
         INSERT INTO ${this.table}_records (kind, key, value)
         SELECT * FROM unnest($8::text[], $9::text[], $10::text[])
         ON CONFLICT (kind, key) DO UPDATE SET value = EXCLUDED.value)
       INSERT INTO ${this.table}_meta (one, seq, hash, ladder, newest_at) VALUES (1, $11, $12, $13, $14)
       ON CONFLICT (one) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, ladder = EXCLUDED.ladder,
         newest_at = EXCLUDED.newest_at`,
      [
        records.map((x) => x.seq),
        records.map((x) => x.id),
        records.map((x) => x.hash),
        records.map((x) => x.line),
        update.subjects.map((x) => x.agent),
        update.subjects.map((x) => x.taskClass),
        update.subjects.map((x) => JSON.stringify(x)),
        rows.map((x) => x.kind),
        rows.map((x) => x.key),
        rows.map((x) => x.value),
        head.seq,
        head.hash,
        update.ladder,
        update.newestAt,
      ],
    );
  }

  private async recordsOf(run: Query, want: ReadProjectionOptions['records']): Promise<ProjectionRecord[]> {
    if (!want) return [];
    const r =
      want.keys === undefined
        ? await run(`SELECT key, value FROM ${this.table}_records WHERE kind = $1 ORDER BY key COLLATE "C"`, [
            want.kind,
          ])
        : await run(
            `SELECT key, value FROM ${this.table}_records WHERE kind = $1 AND key = ANY($2::text[]) ORDER BY key COLLATE "C"`,
            [want.kind, [...new Set(want.keys)]],
          );
    return (r.rows as { key: string; value: string }[]).map((x) => ({ kind: want.kind, ...x }));
  }

  private async writeProjection(run: Query, head: Head, update: ProjectionUpdate | undefined): Promise<void> {
    if (!update) {
      // Appended without its projection: drop it, so no gate trusts a stale one.
      await run(`DELETE FROM ${this.table}_meta`);
      return;
    }
    if (update.replace) {
      await run(`DELETE FROM ${this.table}_subjects`);
      await run(`DELETE FROM ${this.table}_records`);
    }
    const records = update.records ?? [];
    if (records.length > 0)
      await run(
        `INSERT INTO ${this.table}_records (kind, key, value)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
         ON CONFLICT (kind, key) DO UPDATE SET value = EXCLUDED.value`,
        [records.map((r) => r.kind), records.map((r) => r.key), records.map((r) => r.value)],
      );
    if (update.subjects.length > 0)
      await run(
        `INSERT INTO ${this.table}_subjects (agent, task_class, state)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
         ON CONFLICT (agent, task_class) DO UPDATE SET state = EXCLUDED.state`,
        [
          update.subjects.map((s) => s.agent),
          update.subjects.map((s) => s.taskClass),
          update.subjects.map((s) => JSON.stringify(s)),
        ],
      );
    await run(
      `INSERT INTO ${this.table}_meta (one, seq, hash, ladder, newest_at) VALUES (1, $1, $2, $3, $4)
       ON CONFLICT (one) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, ladder = EXCLUDED.ladder, newest_at = EXCLUDED.newest_at`,
      [head.seq, head.hash, update.ladder, update.newestAt],
    );
  }

  /** Drops the table (tests and benchmarks). */
  async drop(): Promise<void> {
    await this.query(
      `DROP TABLE IF EXISTS ${this.table}, ${this.table}_meta, ${this.table}_subjects, ${this.table}_records`,
    );
    this.ready = undefined;
  }

  /** Runs SQL against the store's database (tests use it to tamper with the log). */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (e) {
      throw wrap(e, this.location);
    }
  }

  private async *readRows(from: Head, run: Query): AsyncGenerator<StoredRecord> {
    const chain = new ChainReader(from, this.location, 'seq');
    let after = from.seq;
    for (;;) {
      const r = await run(
        `SELECT seq, id, hash, line FROM ${this.table} WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
        [after],
      );
      for (const row of r.rows as { seq: string; id: string; hash: string; line: string }[]) {
        const seq = Number(row.seq);
        const record = chain.next(row.line, seq);
        if (record.seq !== seq || record.id !== row.id || record.hash !== row.hash)
          throw new LedgerError(
            'CORRUPT',
            `${this.location} seq ${seq}: the row's columns differ from its line`,
            {
              location: this.location,
              position: seq,
            },
          );
        yield record;
        after = seq;
      }
      if (r.rows.length < PAGE) return;
    }
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (e) {
      throw wrap(e, this.location);
    }
  }

  // Created once per store, under an advisory lock: concurrent CREATE TABLE IF NOT EXISTS
  // from several processes can otherwise collide in the catalog.
  private ensureSchema(): Promise<void> {
    this.ready ??= (async () => {
      const client = await this.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, this.table]);
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${this.table} (
             seq bigint PRIMARY KEY CHECK (seq > 0),
             id text NOT NULL UNIQUE,
             hash text NOT NULL,
             line text NOT NULL
           )`,
        );
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${this.table}_meta (
             one int PRIMARY KEY CHECK (one = 1),
             seq bigint NOT NULL, hash text NOT NULL, ladder text NOT NULL, newest_at text
           )`,
        );
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${this.table}_subjects (
             agent text NOT NULL, task_class text NOT NULL, state text NOT NULL,
             PRIMARY KEY (agent, task_class)
           )`,
        );
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${this.table}_records (
             kind text NOT NULL, key text NOT NULL, value text NOT NULL,
             PRIMARY KEY (kind, key)
           )`,
        );
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        this.ready = undefined;
        throw wrap(e, this.location);
      } finally {
        client.release();
      }
    })();
    return this.ready;
  }
}

// Database and network failures become UNAVAILABLE; anything else (a prepare's own error, a
// TrustladderError, a LedgerError) passes through as it is.
function wrap(e: unknown, location: string): unknown {
  if (e instanceof pg.DatabaseError)
    return new LedgerError('UNAVAILABLE', `${location}: ${e.message} (SQLSTATE ${e.code})`, {
      location,
      cause: e,
    });
  const code = (e as { code?: unknown } | null)?.code;
  const system = typeof code === 'string' && /^E[A-Z0-9_]+$/.test(code) && !(e instanceof LedgerError);
  const lost =
    /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;
  if (system || (e instanceof Error && lost.test(e.message)))
    return new LedgerError('UNAVAILABLE', `${location}: ${(e as Error).message}`, { location, cause: e });
  return e;
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
