// Issue 16's table, measured in one run: each row with its goal and how far it is from it.
// The machine is shared: compare rows of one run, not runs of different days. Asserts nothing.
//   - classify rows: the TypeScript engine on changes.mjs's realistic change, the median CPU
//     time of runs (wall time on a loaded machine measured the load: x4 for x1000 rules in
//     one run, x1.1 in CPU time);
//   - the cold start: whole processes (wall time, median), `trustladder classify --input` on a
//     small example change against `opa eval` of the same policy and change, and `node -e 0`;
//   - approval: the Rego approval policy in WebAssembly (per second of wall time and of CPU
//     time) against OPA's REST server (wall time);
//   - `--engine wasm`: one run each (CPU time) at 1k and 10k files (TRUSTLADDER_BENCH_WASM_FILES=N
//     replaces 10k; 0 skips the row).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  classify,
  DEFAULT_POLICY_TEXTS,
  defaultBlastRadiusPolicy,
  loadApprovalData,
  normaliseChange,
} from '@trustladder/core';
import { loadApprovalEvaluator, loadWasmClassifier } from '@trustladder/core/node';
import { generatedPolicy, realisticChange } from './changes.mjs';
import { medianCpuMs, QUICK } from './median-time.mjs';
import { OPA, startOpa } from './opa-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'packages/cli/dist/bin.js');
const SECONDS = QUICK ? 1 : 3;
const WASM_FILES = Number(process.env.TRUSTLADDER_BENCH_WASM_FILES ?? 10_000);

const policy = defaultBlastRadiusPolicy();
const approvalData = loadApprovalData(DEFAULT_POLICY_TEXTS['approval-data']);
const jsonFiles = (dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(root, dir, f));
const changeFiles = jsonFiles('examples/changes');
const changes = changeFiles.map((f) => JSON.parse(readFileSync(f, 'utf8')));
const remediations = jsonFiles('examples/approval').map((f) => JSON.parse(readFileSync(f, 'utf8')));

console.log('| measure | now | goal | now / goal | met |');
console.log('|---|---:|---:|---:|:---:|');
// `lower`: the goal is an upper bound (times, ratios of growth); else a lower bound (rates).
function row(measure, now, goal, unit, lower = true) {
  const met = lower ? now <= goal : now >= goal;
  const fmt = (v) => `${v < 10 ? v.toFixed(2) : v.toFixed(v < 1000 ? 1 : 0)}${unit}`;
  console.log(
    `| ${measure} | ${fmt(now)} | ${lower ? '<=' : '>='} ${fmt(goal)} | ${(now / goal).toFixed(2)} | ${met ? 'yes' : 'no'} |`,
  );
}

function rate(decide) {
  return rates(decide).wall;
}

// Decisions per second of wall time and per second of this process's CPU time (on a loaded
// machine the wall rate measures the load; the CPU rate what one core would do).
function rates(decide) {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const deadline = start + SECONDS * 1000;
  let n = 0;
  while (performance.now() < deadline) for (let k = 0; k < 8; k++) decide(n++);
  const { user, system } = process.cpuUsage(cpu0);
  return { wall: n / ((performance.now() - start) / 1000), cpu: n / ((user + system) / 1e6) };
}

async function rateAsync(decide) {
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  let n = 0;
  while (performance.now() < deadline) await decide(n++);
  return n / ((performance.now() - start) / 1000);
}

// The median wall time of a whole process, in ms, run `times` times after one warm-up (which
// also fills Node's compile cache, as any second run of the CLI finds it).
function processMs(command, args, times = QUICK ? 5 : 11) {
  const samples = [];
  for (let i = 0; i <= times; i++) {
    const t0 = performance.now();
    const r = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    if (i > 0) samples.push(performance.now() - t0);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${command} ${args.join(' ')}: ${r.stderr}`);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

// Classify time, files and rules.
const c10k = realisticChange(10_000);
const c1k = realisticChange(1_000);
const ms10k = medianCpuMs(() => classify(policy, c10k));
const ms1k = medianCpuMs(() => classify(policy, c1k));
row('TS classify, 10k-file realistic change', ms10k, 10, ' ms');
row('files x10 (1k -> 10k): time x', ms10k / ms1k, 11, '');
const few = generatedPolicy(10);
const many = generatedPolicy(QUICK ? 1000 : 10_000);
classify(few, c1k);
classify(many, c1k); // prepared outside the timing
row(
  `rules x${QUICK ? 100 : 1000} (1k files): time x`,
  medianCpuMs(() => classify(many, c1k)) / medianCpuMs(() => classify(few, c1k)),
  2,
  '',
);

const opa = await startOpa({ blast_radius: policy, approval: approvalData });
try {
  const tsRate = rate((i) => classify(policy, changes[i % changes.length]));
  const restRate = await rateAsync((i) =>
    opa.post(
      '/v1/data/trustladder/blast_radius/classification',
      normaliseChange(changes[i % changes.length]),
    ),
  );
  row('TS vs OPA Go (REST), default policy, example changes', tsRate / restRate, 10, 'x', false);

  // Peak RSS of the CLI on a 100k-file change, against the size of its JSON.
  const big = join(opa.dir, 'big-change.json');
  writeFileSync(big, JSON.stringify(realisticChange(QUICK ? 20_000 : 100_000)));
  const size = statSync(big).size;
  const timed = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', process.execPath, CLI, 'classify', '--input', big, '--json'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 1 << 30,
    },
  );
  const rssKb = Number(String(timed.stderr).trim().split('\n').pop());
  if (Number.isFinite(rssKb))
    row(
      `peak RSS of the CLI / input size (${(size / 1e6).toFixed(0)} MB of JSON)`,
      (rssKb * 1024) / size,
      2,
      'x',
    );
  else console.log('| peak RSS | (needs /usr/bin/time) | | | |');

  // Cold start: whole processes.
  const small = changeFiles[0];
  const smallInput = join(opa.dir, 'small-input.json');
  writeFileSync(smallInput, JSON.stringify(normaliseChange(changes[0])));
  const cli = processMs(process.execPath, [CLI, 'classify', '--input', small]);
  const opaEval = processMs(OPA, opa.evalArgs('data.trustladder.blast_radius.classification', smallInput));
  const node = processMs(process.execPath, ['-e', '0']);
  row(
    `CLI cold start, classify --input (opa eval ${opaEval.toFixed(0)} ms, node -e 0 ${node.toFixed(0)} ms)`,
    cli,
    100,
    ' ms',
  );
  row('CLI cold start / opa eval', cli / opaEval, 1, 'x');

  // Approvals.
  const approval = await loadApprovalEvaluator();
  const wasmRates = rates((i) => approval.evaluate(remediations[i % remediations.length]));
  const wasmRate = wasmRates.wall;
  const restApproval = await rateAsync((i) =>
    opa.post('/v1/data/trustladder/approval/decision', remediations[i % remediations.length]),
  );
  row('approval, WASM in process (decisions/s, wall)', wasmRate, 100_000, '/s', false);
  row('approval, WASM in process (decisions per CPU-second)', wasmRates.cpu, 100_000, '/s', false);
  row('approval, WASM vs OPA REST server (wall)', wasmRate / restApproval, 50, 'x', false);
} finally {
  opa.close();
}

// `classify --engine wasm`: one run each, in process (the CLI adds its start to both).
if (WASM_FILES > 0) {
  const wasm = await loadWasmClassifier();
  let wall = 0;
  const once = (c) => {
    const t0 = process.cpuUsage();
    const w0 = performance.now();
    wasm.classify(policy, c);
    wall = performance.now() - w0;
    const { user, system } = process.cpuUsage(t0);
    return (user + system) / 1000;
  };
  once(realisticChange(10)); // loads the policy data
  const small = once(realisticChange(WASM_FILES / 10));
  const large = once(realisticChange(WASM_FILES));
  row(
    `classify --engine wasm, ${WASM_FILES} files (CPU; wall ${(wall / 1000).toFixed(1)} s)`,
    large,
    1000,
    ' ms',
  );
  row(
    `classify --engine wasm, files x10 (${WASM_FILES / 10} -> ${WASM_FILES}): time x`,
    large / small,
    11,
    '',
  );
}
