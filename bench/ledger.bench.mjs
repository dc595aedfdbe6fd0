// Ledger benchmarks: the physical limits (fsync latency, hashing, parsing and validating one
// event); replay throughput (the pure fold, and verify of a SQLite log: every row's hash,
// chain, schema, the fold and the projection) at 10k, 100k and 1M events; `dispatch check`
// on the 1M-event ledger in process and through the CLI; durable appends (synchronous
// commit before each resolves) for SQLite and PostgreSQL, one event per append and batched,
// with 1 and 8 writer processes, and for PostgreSQL 8 concurrent appends in one process (grouped
// into shared transactions). Prints a table; asserts nothing.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkDispatch,
  DEFAULT_POLICY_TEXTS,
  LedgerProjection,
  LedgerReplay,
  loadTaskSpec,
  loadTrustLadder,
  replay,
  validateEvent,
} from '@trustladder/core';
import { EMPTY_HEAD, encodeBatch, Ledger, SqliteEventStore, verifyStore } from '@trustladder/ledger';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ladder = loadTrustLadder(DEFAULT_POLICY_TEXTS['trust-ladder']);
const SIZES = (process.env.LEDGER_BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const APPEND_SECONDS = Number(process.env.LEDGER_BENCH_APPEND_SECONDS ?? 6);
const BATCH = Number(process.env.LEDGER_BENCH_BATCH ?? 1000);
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
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  console.log('physical limits, per operation (median)');
  {
    const path = join(dir, 'fsync.bin');
    const fd = openSync(path, 'w');
    const block = Buffer.alloc(4096, 1);
    const times = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      writeSync(fd, block);
      fsyncSync(fd);
      times.push(performance.now() - t0);
    }
    closeSync(fd);
    console.log(`  fsync of a 4 KiB write                        ${median(times).toFixed(3)} ms`);
    const [sample] = encodeBatch(EMPTY_HEAD, [
      {
        type: 'RunCompleted',
        at: '2026-01-01T00:00:00Z',
        agent: 'agent-1',
        taskClass: 'class-1',
        tier: 'T1',
        outcome: 'success',
        id: randomUUID(),
      },
    ]);
    const N = 200_000;
    let t0 = performance.now();
    for (let i = 0; i < N; i++) createHash('sha256').update(sample.line, 'utf8').digest('hex');
    console.log(
      `  sha256 of one line (${sample.line.length} bytes)                 ${(((performance.now() - t0) * 1000) / N).toFixed(2)} us`,
    );
    t0 = performance.now();
    for (let i = 0; i < N; i++) JSON.parse(sample.line);
    console.log(
      `  JSON.parse of one line                         ${(((performance.now() - t0) * 1000) / N).toFixed(2)} us`,
    );
    t0 = performance.now();
    for (let i = 0; i < N; i++) validateEvent(sample.event, { mode: 'stored' });
    console.log(
      `  validateEvent of one event                     ${(((performance.now() - t0) * 1000) / N).toFixed(2)} us`,
    );
  }

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

  console.log('SQLite log: load (import), verify (hash, chain, schema, fold, projection), dispatch check');
  let bigPath;
  for (const n of SIZES) {
    const log = logs.get(n);
    const path = join(dir, `replay-${n}.db`);
    const fold = new LedgerReplay(ladder);
    for (const e of log) fold.push(e);
    fold.finish();
    // Each event with the derived events it caused is one batch, as the append path writes it.
    async function* records() {
      let head = EMPTY_HEAD;
      let batch = [];
      const flush = function* () {
        if (batch.length === 0) return;
        const recs = encodeBatch(head, batch);
        head = recs[recs.length - 1];
        batch = [];
        yield* recs;
      };
      for (const e of log) {
        const { seq: _seq, ...event } = e;
        const derived =
          e.type === 'CeilingPromoted' || e.type === 'CeilingDemoted' || e.type === 'CeilingReset';
        if (!derived) yield* flush();
        batch.push(event);
      }
      yield* flush();
    }
    let head = EMPTY_HEAD;
    for await (const r of records()) head = r;
    const store = new SqliteEventStore(path);
    let start = performance.now();
    await store.load(
      records(),
      { seq: head.seq, hash: head.hash },
      {
        ladder: ladder.digest,
        newestAt: fold.projection.newestAt ?? null,
        subjects: fold.projection.snapshots(),
        replace: true,
      },
    );
    row(
      `load (one transaction), ${(statSync(path).size / 1e6).toFixed(0)} MB`,
      n,
      (performance.now() - start) / 1000,
    );
    logs.delete(n);
    gc();
    start = performance.now();
    const cpu0 = process.cpuUsage();
    const report = await verifyStore(store, ladder, { now: '2030-01-01T00:00:00Z' });
    row('verify', n, (performance.now() - start) / 1000);
    const cpu = process.cpuUsage(cpu0);
    row('verify, per CPU-second (load-independent)', n, (cpu.user + cpu.system) / 1e6);
    if (!report.ok) throw new Error(`the bench log does not verify: ${JSON.stringify(report.issues[0])}`);
    await store.close();
    bigPath = path;
  }
  {
    const task = loadTaskSpec(readFileSync(join(root, 'examples/ledger/tasks/docs-fix.yaml'), 'utf8'));
    const ledger = new Ledger(new SqliteEventStore(bigPath), ladder);
    const times = [];
    for (let i = 0; i < 200; i++) {
      const agent = `agent-${i % 50}`;
      const t0 = performance.now();
      const { projection, source } = await ledger.projection([agent]);
      checkDispatch({ ...task, assigned_agent: agent }, agent, { ledger: projection });
      times.push(performance.now() - t0);
      if (source !== 'stored') throw new Error('dispatch did not read the projection');
    }
    await ledger.close();
    console.log(
      `  dispatch check, in process, ${SIZES.at(-1)} events: median ${median(times).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms`,
    );
    // The agent with the largest stored rows (a long timed streak in its window, held back by
    // a cooldown): the worst case of a gate's read.
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(bigPath, { readOnly: true });
    const worst = db
      .prepare(
        'SELECT agent, sum(length(state)) AS bytes FROM projection_subjects GROUP BY agent ORDER BY bytes DESC LIMIT 1',
      )
      .get();
    db.close();
    const l2 = new Ledger(new SqliteEventStore(bigPath), ladder);
    const worstTimes = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      const { projection } = await l2.projection([worst.agent]);
      checkDispatch({ ...task, assigned_agent: worst.agent }, worst.agent, { ledger: projection });
      worstTimes.push(performance.now() - t0);
    }
    await l2.close();
    console.log(
      `  dispatch check, in process, the agent with the largest rows (${Math.round(worst.bytes / 1000)} kB): median ${median(worstTimes).toFixed(2)} ms`,
    );
    const cli = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      try {
        execFileSync(
          process.execPath,
          [
            join(root, 'packages/cli/dist/bin.js'),
            'dispatch',
            'check',
            '--task',
            join(root, 'examples/ledger/tasks/docs-fix.yaml'),
            '--agent',
            'dev-e',
            '--ladder',
            join(root, 'policies/trust-ladder.yaml'),
            '--log',
            bigPath,
          ],
          { stdio: 'ignore' },
        );
      } catch {
        // exit 1 is a refusal, which is still a full check
      }
      cli.push(performance.now() - t0);
    }
    console.log(
      `  dispatch check, CLI (a new process), ${SIZES.at(-1)} events: median ${median(cli).toFixed(0)} ms`,
    );
  }

  const worker = `
    import { DEFAULT_POLICY_TEXTS, loadTrustLadder } from '@trustladder/core';
    import { Ledger, openStore } from '@trustladder/ledger';
    const [location, agent, seconds, table, batchText, concurrentText] = process.argv.slice(1);
    const batch = Number(batchText);
    const store = openStore(location, table ? { postgres: { table, maxConnections: 1 } } : {});
    const ledger = new Ledger(store, loadTrustLadder(DEFAULT_POLICY_TEXTS['trust-ladder']));
    const at = '2026-01-01T00:00:00Z';
    const end = Date.now() + Number(seconds) * 1000;
    let n = 0;
    // Several appends in flight at once in this process (an orchestrator's workers).
    await Promise.all(Array.from({ length: Number(concurrentText || 1) }, async (_, w) => {
      while (Date.now() < end) {
        await ledger.record(Array.from({ length: batch }, () => ({ type: 'RunCompleted', at, agent: agent + '-' + w, taskClass: 'bench', tier: 'T0', outcome: 'human-rework' })));
        n += batch;
      }
    }));
    await ledger.close();
    process.stdout.write(String(n));
  `;
  async function appendRun(location, writers, table, batch = 1, concurrent = 1) {
    const children = Array.from({ length: writers }, (_, i) =>
      spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          worker,
          location,
          `w${i}`,
          String(APPEND_SECONDS),
          table ?? '',
          String(batch),
          String(concurrent),
        ],
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

  console.log(`durable appends, ${APPEND_SECONDS} s each: one event per append, and ${BATCH} per append`);
  for (const [writers, batch] of [
    [1, 1],
    [8, 1],
    [1, BATCH],
    [8, BATCH],
  ]) {
    const path = join(dir, `append-${writers}-${batch}.db`);
    const n = await appendRun(path, writers, undefined, batch);
    row(`SQLite, ${writers} writer(s), ${batch}/append`, n, APPEND_SECONDS);
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
      for (const [writers, batch, concurrent] of [
        [1, 1, 1],
        [8, 1, 1],
        [1, 1, 8],
        [1, 100, 1],
        [8, 100, 1],
        [1, 100, 8],
      ]) {
        const table = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
        const n = await appendRun(pg, writers, table, batch, concurrent);
        row(
          concurrent > 1
            ? `PostgreSQL, 8 in 1 process (grouped), ${batch}/append`
            : `PostgreSQL, ${writers} writer(s), ${batch}/append`,
          n,
          APPEND_SECONDS,
        );
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
