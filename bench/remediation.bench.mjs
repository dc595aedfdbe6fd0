// The remediation ladder and trust levels, on the built packages:
//   - decide: requests decided per second against a history, asking the approval Rego in
//     WebAssembly (the shipped module, DESIGN.md's default data) where the level needs it;
//   - fold: remediation events replayed per second (the history every CLI call reads);
//   - trust levels: isPermitted answers per second over 10k recorded levels;
//   - record: one request appended to a file ledger (fsync, hash chain), median and p95.
// Prints a table; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_POLICY_TEXTS,
  foldRemediation,
  foldTrustLevels,
  loadRemediationLadder,
  loadTrustLadder,
  RemediationState,
  requestedEvent,
} from '@trustladder/core';
import { loadApprovalEvaluator } from '@trustladder/core/node';
import { Ledger, openStore } from '@trustladder/ledger';

const ladder = loadRemediationLadder(DEFAULT_POLICY_TEXTS['remediation-ladder']);
const policy = await loadApprovalEvaluator();
const WORKFLOWS = [
  'restart-pod-v1',
  'crashloop-rollback-v1',
  'increase-memory-limits-v1',
  'drain-node-v1',
  'new-v1',
];
const ENVS = ['production', 'staging', 'qa'];
const at = (i) => new Date(Date.UTC(2026, 4, 1) + i * 1000).toISOString().replace('.000Z', 'Z');
const request = (i) => ({
  requestId: `r${i}`,
  at: at(i),
  fingerprint: `fp-${i % 500}`,
  workflow: WORKFLOWS[i % WORKFLOWS.length],
  target: { kind: 'Deployment', name: `app-${i % 50}`, namespace: i % 7 === 0 ? 'payments' : 'shop' },
  environment: ENVS[i % ENVS.length],
  confidence: (i % 100) / 100,
  alignment: i % 13 === 0 ? 'misaligned' : 'aligned',
});

const toEvent = (r, d) => requestedEvent(ladder.agent, r, d);

const rows = [];
function timed(name, n, fn) {
  const t0 = process.hrtime.bigint();
  fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  rows.push([name, n.toLocaleString('en'), `${Math.round(n / s).toLocaleString('en')}/s`]);
}

// Build a 100k-event history while measuring decide + apply.
const N = 100_000;
const state = new RemediationState(ladder);
const events = [];
timed('decide + apply (Rego in WASM where asked)', N, () => {
  for (let i = 0; i < N; i++) {
    const r = request(i);
    const e = { ...toEvent(r, state.decide(r, policy)), id: `e${i}` };
    state.apply(e);
    events.push(e);
  }
});
const outcomes = {};
for (const r of state.allRequests()) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
timed('fold (replay of recorded requests)', N, () => foldRemediation(ladder, events));

const levels = [];
for (let i = 0; i < 10_000; i++)
  levels.push({
    type: 'TrustLevelSet',
    agent: 'dorgu',
    at: at(i),
    application: `app-${i}`,
    environment: ENVS[i % 3],
    level: i % 6,
    by: 'a',
    reason: 'r',
  });
const tl = foldTrustLevels(levels);
timed('trust-level isPermitted', 1_000_000, () => {
  for (let i = 0; i < 1_000_000; i++) tl.isPermitted('dorgu', 'deploy-dev', `app-${i % 12_000}`, ENVS[i % 3]);
});

const dir = mkdtempSync(join(tmpdir(), 'trustladder-remediation-bench-'));
try {
  const ledger = new Ledger(
    openStore(join(dir, 'ledger.db')),
    loadTrustLadder(DEFAULT_POLICY_TEXTS['trust-ladder']),
  );
  const live = new RemediationState(ladder);
  const lat = [];
  for (let i = 0; i < 300; i++) {
    const r = request(i);
    const t0 = process.hrtime.bigint();
    const e = toEvent(r, live.decide(r, policy));
    await ledger.record([e]);
    lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    live.apply(e);
  }
  await ledger.close();
  lat.sort((a, b) => a - b);
  rows.push([
    'record one request (file ledger, fsync)',
    '300',
    `median ${lat[150].toFixed(2)} ms, p95 ${lat[285].toFixed(2)} ms`,
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const w = [44, 12];
console.log(`${'remediation'.padEnd(w[0])}${'count'.padStart(w[1])}  rate`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(w[0])}${b.padStart(w[1])}  ${c}`);
console.log(`outcomes of the 100k requests: ${JSON.stringify(outcomes)}`);
