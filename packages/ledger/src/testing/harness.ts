import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY_TEXTS, loadTrustLadder, type TrustLadder } from '@trustladder/core';
import type { EventStore } from '../event-store.types.js';
import { FileEventStore, type FileStoreOptions } from '../file-store.js';
import { PostgresEventStore } from '../postgres-store.js';

// One way to make, reopen and tamper with each kind of store, so one conformance suite runs
// against both. Tampering works on the stored lines as they are: the file's lines, or the
// table's rows in seq order.

export const LADDER: TrustLadder = loadTrustLadder(DEFAULT_POLICY_TEXTS['trust-ladder']);

export interface StoreHarness {
  readonly name: 'file' | 'postgres';
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
  cleanup(): Promise<void>;
}

export function fileHarness(options: FileStoreOptions = {}): StoreHarness {
  return {
    name: 'file',
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'trustladder-ledger-'));
      const path = join(dir, 'ledger.jsonl');
      const opened: EventStore[] = [];
      const open = () => {
        const s = new FileEventStore(path, options);
        opened.push(s);
        return s;
      };
      return {
        store: open(),
        location: path,
        reopen: open,
        async lines() {
          let text: string;
          try {
            text = readFileSync(path, 'utf8');
          } catch {
            return [];
          }
          return text === '' ? [] : text.replace(/\n$/, '').split('\n');
        },
        async rewrite(lines) {
          writeFileSync(path, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
        },
        async cleanup() {
          for (const s of opened) await s.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
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
            const id = /"id":"([^"]*)"/.exec(line)?.[1] ?? `broken-${i}`;
            const hash = /"hash":"([^"]*)"}$/.exec(line)?.[1] ?? '';
            await admin.query(`INSERT INTO ${table} (seq, id, hash, line) VALUES ($1, $2, $3, $4)`, [
              i + 1,
              `${id}${lines.slice(0, i).some((l) => l.includes(`"id":"${id}"`)) ? `-dup${i}` : ''}`,
              hash,
              line,
            ]);
          }
        },
        async cleanup() {
          await admin.drop().catch(() => undefined);
          for (const s of opened) await s.close().catch(() => undefined);
        },
      };
    },
  };
}
