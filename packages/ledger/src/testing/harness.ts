import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DEFAULT_POLICY_TEXTS, loadTrustLadder, type TrustLadder } from '@trustladder/core';
import type { EventStore } from '../event-store.types.js';
import { PostgresEventStore } from '../postgres-store.js';
import { SqliteEventStore, type SqliteStoreOptions } from '../sqlite-store.js';

// One way to make, reopen and tamper with each kind of store, so one conformance suite runs
// against both. Tampering works on the stored lines as they are: the table's rows in seq order.

export const LADDER: TrustLadder = loadTrustLadder(DEFAULT_POLICY_TEXTS['trust-ladder']);

export interface StoreHarness {
  readonly name: 'sqlite' | 'postgres';
  /** A new, empty store at a fresh location. */
  create(): Promise<StoreFixture>;
}

export interface StoreFixture {
  readonly store: EventStore;
  /** The location string (path or URL) for the CLI. */
  readonly location: string;
  /** Another store object on the same log (another writer). */
  reopen(): EventStore;
  /** The stored lines, in order. */
  lines(): Promise<string[]>;
  /** Replaces the stored lines. */
  rewrite(lines: readonly string[]): Promise<void>;
  /** Rewrites the keyed projection rows of a kind; false when there are none. */
  tamperRecord(kind: string, change: (value: string) => string): Promise<boolean>;
  /** Rewrites one agent's stored projection rows; false when it has none. */
  tamperProjection(
    agent: string,
    change: (state: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<boolean>;
  cleanup(): Promise<void>;
}

export function sqliteHarness(options: SqliteStoreOptions = {}): StoreHarness {
  return {
    name: 'sqlite',
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'trustladder-ledger-'));
      const path = join(dir, 'ledger.db');
      const opened: EventStore[] = [];
      const open = () => {
        const s = new SqliteEventStore(path, options);
        opened.push(s);
        return s;
      };
      const store = open();
      await store.head();
      const admin = () => new DatabaseSync(path, { timeout: 10_000 });
      return {
        store,
        location: path,
        reopen: open,
        async lines() {
          const db = admin();
          try {
            return (db.prepare('SELECT line FROM events ORDER BY seq').all() as { line: string }[]).map(
              (r) => r.line,
            );
          } finally {
            db.close();
          }
        },
        async rewrite(lines) {
          const db = admin();
          try {
            db.exec('BEGIN IMMEDIATE; DELETE FROM events');
            const insert = db.prepare('INSERT INTO events (seq, id, hash, line) VALUES (?, ?, ?, ?)');
            for (const [i, line] of lines.entries()) {
              const [id, hash] = tamperedColumns(line, i, lines);
              insert.run(i + 1, id, hash, line);
            }
            db.exec('COMMIT');
          } finally {
            db.close();
          }
        },
        async tamperRecord(kind, change) {
          const db = admin();
          try {
            const rows = db.prepare('SELECT key, value FROM projection_records WHERE kind = ?').all(kind) as {
              key: string;
              value: string;
            }[];
            for (const r of rows)
              db.prepare('UPDATE projection_records SET value = ? WHERE kind = ? AND key = ?').run(
                change(r.value),
                kind,
                r.key,
              );
            return rows.length > 0;
          } finally {
            db.close();
          }
        },
        async tamperProjection(agent, change) {
          const db = admin();
          try {
            const rows = db
              .prepare('SELECT task_class, state FROM projection_subjects WHERE agent = ?')
              .all(agent) as {
              task_class: string;
              state: string;
            }[];
            for (const r of rows)
              db.prepare('UPDATE projection_subjects SET state = ? WHERE agent = ? AND task_class = ?').run(
                JSON.stringify(change(JSON.parse(r.state))),
                agent,
                r.task_class,
              );
            return rows.length > 0;
          } finally {
            db.close();
          }
        },
        async cleanup() {
          for (const s of opened) await s.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

// The columns a tamperer writes beside a line: its own id and hash where it has them.
function tamperedColumns(line: string, i: number, lines: readonly string[]): [string, string] {
  const id = /"id":"([^"]*)"/.exec(line)?.[1] ?? `broken-${i}`;
  const hash = /"hash":"([^"]*)"}$/.exec(line)?.[1] ?? '';
  return [`${id}${lines.slice(0, i).some((l) => l.includes(`"id":"${id}"`)) ? `-dup${i}` : ''}`, hash];
}

export function postgresHarness(url: string): StoreHarness {
  return {
    name: 'postgres',
    async create() {
      const table = `t_${randomBytes(6).toString('hex')}`;
      const opened: PostgresEventStore[] = [];
      const open = () => {
        const s = new PostgresEventStore(url, { table });
        opened.push(s);
        return s;
      };
      const admin = open();
      await admin.head(); // creates the table
      return {
        store: open(),
        location: url,
        reopen: open,
        async lines() {
          const r = await admin.query<{ line: string }>(`SELECT line FROM ${table} ORDER BY seq`);
          return r.rows.map((x) => x.line);
        },
        async rewrite(lines) {
          await admin.query(`DELETE FROM ${table}`);
          for (const [i, line] of lines.entries()) {
            const [id, hash] = tamperedColumns(line, i, lines);
            await admin.query(`INSERT INTO ${table} (seq, id, hash, line) VALUES ($1, $2, $3, $4)`, [
              i + 1,
              id,
              hash,
              line,
            ]);
          }
        },
        async tamperRecord(kind, change) {
          const r = await admin.query<{ key: string; value: string }>(
            `SELECT key, value FROM ${table}_records WHERE kind = $1`,
            [kind],
          );
          for (const row of r.rows)
            await admin.query(`UPDATE ${table}_records SET value = $1 WHERE kind = $2 AND key = $3`, [
              change(row.value),
              kind,
              row.key,
            ]);
          return r.rows.length > 0;
        },
        async tamperProjection(agent, change) {
          const r = await admin.query<{ task_class: string; state: string }>(
            `SELECT task_class, state FROM ${table}_subjects WHERE agent = $1`,
            [agent],
          );
          for (const row of r.rows)
            await admin.query(
              `UPDATE ${table}_subjects SET state = $1 WHERE agent = $2 AND task_class = $3`,
              [JSON.stringify(change(JSON.parse(row.state))), agent, row.task_class],
            );
          return r.rows.length > 0;
        },
        async cleanup() {
          await admin.drop().catch(() => undefined);
          for (const s of opened) await s.close().catch(() => undefined);
        },
      };
    },
  };
}
