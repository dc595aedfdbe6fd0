// Ledger benchmarks: replay throughput (the pure fold, and a file log read back with every
// line's hash, chain and schema checked) at 10k, 100k and 1M events; durable append
// throughput (fsync / synchronous commit before each append resolves) for the file store and
// PostgreSQL with 1 and 8 writer processes. Prints a table; asserts nothing.
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POLICY_TEXTS, LedgerProjection, loadTrustLadder, replay } from '@trustladder/core';
import { EMPTY_HEAD, encodeBatch, FileEventStore, Ledger } from '@trustladder/ledger';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ladder = loadTrustLadder(DEFAULT_POLICY_TEXTS['trust-ladder']);
const SIZES = (process.env.LEDGER_BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const APPEND_SECONDS = Number(process.env.LEDGER_BENCH_APPEND_SECONDS ?? 6);
const rows = [];
const row = (what, events, seconds) => {
  rows.push({ what, events, seconds, rate: events / seconds });
  console.log(
    `  ${what.padEnd(44)} ${String(events).padStart(9)} events  ${seconds.toFixed(2).padStart(7)} s  ${Math.round(
      events / seconds,
    )
      .toLocaleString('en')
      .padStart(11)} events/s`,
  );
};

// A realistic mix: 50 agents x 8 task classes, mostly successes at the subject's ceiling,
// failures now and then, a model change per agent now and then; the derived events the
// rules produce are in the log, as the append path writes them.
function makeLog(n) {
  const p = new LedgerProjection(ladder);
  const log = [];
  let t = Date.UTC(2026, 0, 1);
  let x = 12345;
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const outcomes = ['rollback', 'human-rework', 'budget-overrun', 'canary-abort', 'slo-depletion'];
  while (log.length < n) {
    t += 1000;
    const agent = `agent-${Math.floor(rand() * 50)}`;
    const at = new Date(t).toISOString().replace('.000Z', 'Z');
    let e;
    if (rand() < 0.0005) e = { type: 'ModelChanged', at, agent, from: 'm1', to: 'm2' };
    else {
      const taskClass = `class-${Math.floor(rand() * 8)}`;
      const tier = p.ceilingOf(agent, taskClass);
      e = {
        type: 'RunCompleted',
        at,
        agent,
        taskClass,
        tier,
        outcome: rand() < 0.01 ? outcomes[Math.floor(rand() * 5)] : 'success',
      };
    }
    const id = `e${log.length + 1}`;
    log.push({ ...e, id, seq: log.length + 1 });
    for (const [j, d] of p.apply({ ...e, id }).entries())
      log.push({ ...d, id: `${id}-d${j}`, seq: log.length + 1 });
  }
  return log.slice(0, n);
}

function gc() {
  globalThis.gc?.();
}

const dir = mkdtempSync(join(tmpdir(), 'trustladder-ledger-bench-'));
try {
  console.log('replay (the fold over events in memory, derived events checked)');
  const logs = new Map();
  for (const n of SIZES) {
    const log = makeLog(n);
    logs.set(n, log);
    gc();
    const start = performance.now();
    const r = replay(ladder, log);
    const seconds = (performance.now() - start) / 1000;
    if (r.mismatches.length > 0) throw new Error('the generated log does not replay');
    row(`fold, in memory`, n, seconds);
  }

  console.log('replay from a file log (read, hash, chain, schema, fold)');
  for (const n of SIZES) {
    const log = logs.get(n);
    const path = join(dir, `replay-${n}.jsonl`);
    // Written in one go (no per-append fsync): this measures reading.
    const lines = [];
    let head = EMPTY_HEAD;
    for (const e of log) {
      const { seq: _seq, ...event } = e;
      const [rec] = encodeBatch(head, [event]);
      lines.push(rec.line);
      head = rec;
    }
    writeFileSync(path, `${lines.join('\n')}\n`);
    lines.length = 0;
    logs.delete(n);
    gc();
    const start = performance.now();
    const r = await new Ledger(new FileEventStore(path), ladder).replay();
    const seconds = (performance.now() - start) / 1000;
    if (r.mismatches.length > 0) throw new Error('the file log does not replay');
    row(`file log, ${(statSync(path).size / 1e6).toFixed(0)} MB`, n, seconds);
    rmSync(path);
  }

  const worker = `
    import { DEFAULT_POLICY_TEXTS, loadTrustLadder } from '@trustladder/core';
    import { Ledger, openStore } from '@trustladder/ledger';
    const [location, agent, seconds, table] = process.argv.slice(1);
    const store = openStore(location, table ? { postgres: { table, maxConnections: 1 } } : {});
    const ledger = new Ledger(store, loadTrustLadder(DEFAULT_POLICY_TEXTS['trust-ladder']));
    const at = '2026-01-01T00:00:00Z';
    const end = Date.now() + Number(seconds) * 1000;
    let n = 0;
    while (Date.now() < end) {
      await ledger.record([{ type: 'RunCompleted', at, agent, taskClass: 'bench', tier: 'T0', outcome: 'human-rework' }]);
      n++;
    }
    await ledger.close();
    process.stdout.write(String(n));
  `;
  async function appendRun(location, writers, table) {
    const children = Array.from({ length: writers }, (_, i) =>
      spawn(
        process.execPath,
        ['--input-type=module', '-e', worker, location, `w${i}`, String(APPEND_SECONDS), table ?? ''],
        {
          cwd: root,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      ),
    );
    const counts = await Promise.all(
      children.map(
        (c) =>
          new Promise((resolve, reject) => {
            let out = '';
            c.stdout.on('data', (d) => {
              out += d;
            });
            c.on('exit', (code) =>
              code === 0 ? resolve(Number(out)) : reject(new Error(`writer exited ${code}`)),
            );
          }),
      ),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  console.log(`durable appends, one event per append, ${APPEND_SECONDS} s each`);
  for (const writers of [1, 8]) {
    const path = join(dir, `append-${writers}.jsonl`);
    const n = await appendRun(path, writers);
    row(`file store, ${writers} writer process(es)`, n, APPEND_SECONDS);
  }

  let pg;
  let stop = () => undefined;
  if (process.env.TRUSTLADDER_PG_URL) pg = process.env.TRUSTLADDER_PG_URL;
  else {
    const { startTestPostgres } = await import(join(root, 'packages/ledger/dist/testing/postgres-server.js'));
    const server = await startTestPostgres();
    if (typeof server === 'string') console.log(`  PostgreSQL skipped: ${server}`);
    else {
      pg = server.url;
      stop = server.stop;
    }
  }
  if (pg) {
    try {
      for (const writers of [1, 8]) {
        const table = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
        const n = await appendRun(pg, writers, table);
        row(`PostgreSQL, ${writers} writer process(es)`, n, APPEND_SECONDS);
        try {
          execFileSync(
            process.execPath,
            [
              '--input-type=module',
              '-e',
              `import { PostgresEventStore } from '@trustladder/ledger'; const s = new PostgresEventStore(process.argv[1], { table: process.argv[2] }); await s.drop(); await s.close();`,
              pg,
              table,
            ],
            { cwd: root },
          );
        } catch {
          // a left-over table in a throw-away server
        }
      }
    } finally {
      stop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
