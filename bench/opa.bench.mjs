// Decisions per second of the two Rego policies, measured in the same run four ways:
//   - in-process: the TypeScript classifier, and the Rego compiled to WebAssembly (one instance,
//     data loaded once) for classify and approval;
//   - OPA's REST server (`opa run --server` on 127.0.0.1, the same Rego sources and data, one
//     keep-alive connection, one request at a time);
//   - one `opa eval` process per decision (the same sources, data and input files).
// Classify runs the default policy over examples/changes/*.json; approval runs DESIGN.md's
// default data over examples/approval/*.json. Each row is bounded by a count and a time
// (OPA_BENCH_SECONDS, default 3 s per in-process or REST row). Prints a table; asserts nothing.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, promisify } from 'node:util';
import {
  classify,
  DEFAULT_POLICY_TEXTS,
  loadApprovalData,
  loadBlastRadiusPolicy,
  normaliseChange,
} from '@trustladder/core';
import { loadApprovalEvaluator, loadWasmClassifier } from '@trustladder/core/node';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OPA = join(root, '.tools/bin/opa');
const SECONDS = Number(process.env.OPA_BENCH_SECONDS ?? 3);
const EVAL_SECONDS = Number(process.env.OPA_BENCH_EVAL_SECONDS ?? 6);
const EVAL_MAX = Number(process.env.OPA_BENCH_EVAL_MAX ?? 40);
const run = promisify(execFile);

const jsonFiles = (dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(root, dir, f), 'utf8')));

const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius'], { source: 'default' });
const changes = jsonFiles('examples/changes');
const normalised = changes.map((c) => normaliseChange(c));
const approvalData = loadApprovalData(DEFAULT_POLICY_TEXTS['approval-data']);
const remediations = jsonFiles('examples/approval');

// Runs `decide(i)` until `max` decisions or `seconds` have passed (checked every call).
async function measure(seconds, max, decide) {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let n = 0;
  while (n < max && performance.now() < deadline) await decide(n++);
  return { n, seconds: (performance.now() - start) / 1000 };
}

function measureSync(seconds, decide) {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let n = 0;
  while (performance.now() < deadline) for (let k = 0; k < 8; k++) decide(n++);
  return { n, seconds: (performance.now() - start) / 1000 };
}

async function freePort() {
  const server = net.createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

const dir = mkdtempSync(join(tmpdir(), 'trustladder-opa-bench-'));
const dataFile = join(dir, 'data.json');
writeFileSync(dataFile, JSON.stringify({ blast_radius: policy, approval: approvalData }));
const sources = ['policies/rego/blast_radius/blast_radius.rego', 'policies/rego/approval/approval.rego'].map(
  (p) => join(root, p),
);

const port = await freePort();
const server = spawn(
  OPA,
  ['run', '--server', '--addr', `127.0.0.1:${port}`, '--log-level', 'error', ...sources, dataFile],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(path, input) {
  const body = JSON.stringify({ input });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`));
          else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')).result);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function waitForServer() {
  for (let i = 0; i < 200; i++) {
    try {
      await new Promise((ok, ko) =>
        http
          .get({ host: '127.0.0.1', port, path: '/health' }, (r) => {
            r.resume();
            if (r.statusCode === 200) ok();
            else ko();
          })
          .on('error', ko),
      );
      return;
    } catch {
      await new Promise((ok) => setTimeout(ok, 50));
    }
  }
  throw new Error('opa run --server did not come up');
}

let evalSeq = 0;
async function opaEval(query, input) {
  const inputFile = join(dir, `input-${evalSeq++ % 4}.json`);
  writeFileSync(inputFile, JSON.stringify(input));
  const { stdout } = await run(
    OPA,
    [
      'eval',
      '--format',
      'json',
      ...sources.flatMap((s) => ['-d', s]),
      '-d',
      dataFile,
      '-i',
      inputFile,
      query,
    ],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout).result?.[0]?.expressions[0]?.value;
}

const rows = [];
function report(group, what, { n, seconds }, baseline) {
  const rate = n / seconds;
  rows.push({ group, what, rate });
  const ratio = baseline === undefined ? '' : `${(rate / baseline).toPrecision(3)}x`;
  console.log(
    `  ${group.padEnd(9)} ${what.padEnd(38)} ${String(n).padStart(7)} in ${seconds.toFixed(2).padStart(5)} s  ${rate
      .toFixed(rate < 100 ? 1 : 0)
      .padStart(9)} decisions/s  ${ratio.padStart(9)}`,
  );
  return rate;
}

try {
  await waitForServer();
  const wasmClassifier = await loadWasmClassifier();
  const approval = await loadApprovalEvaluator();

  // Every engine answers the same before anything is timed.
  const { policy: _p, ...ts0 } = classify(policy, changes[0]);
  const { policy: _q, ...wasm0 } = wasmClassifier.classify(policy, changes[0]);
  const rest0 = await post('/v1/data/trustladder/blast_radius/classification', normalised[0]);
  const eval0 = await opaEval('data.trustladder.blast_radius.classification', normalised[0]);
  const approval0 = approval.evaluate(remediations[1]);
  const restApproval0 = await post('/v1/data/trustladder/approval/decision', remediations[1]);
  const same =
    isDeepStrictEqual(ts0, wasm0) &&
    isDeepStrictEqual(ts0, rest0) &&
    isDeepStrictEqual(ts0, eval0) &&
    isDeepStrictEqual(approval0.reasons, restApproval0.reasons);
  console.log(`  engines agree on the first decision of each policy: ${same ? 'yes' : 'NO'}`);
  console.log(
    `  classify: default policy (${policy.rules.length} rules), ${changes.length} example changes; approval: ${remediations.length} example remediations`,
  );
  console.log('  ratios: decisions/s relative to the in-process WebAssembly row of the same policy\n');

  const tsRun = measureSync(SECONDS, (i) => classify(policy, changes[i % changes.length]));
  const wasmRun = measureSync(SECONDS, (i) => wasmClassifier.classify(policy, changes[i % changes.length]));
  const wasmRate = wasmRun.n / wasmRun.seconds;
  report('classify', 'TypeScript engine, in-process', tsRun, wasmRate);
  report('classify', 'Rego in WebAssembly, in-process', wasmRun, wasmRate);
  report(
    'classify',
    'OPA REST server (keep-alive)',
    await measure(SECONDS, 1e9, (i) =>
      post('/v1/data/trustladder/blast_radius/classification', normaliseChange(changes[i % changes.length])),
    ),
    wasmRate,
  );
  report(
    'classify',
    'opa eval, one process per decision',
    await measure(EVAL_SECONDS, EVAL_MAX, (i) =>
      opaEval('data.trustladder.blast_radius.classification', normaliseChange(changes[i % changes.length])),
    ),
    wasmRate,
  );

  const approvalRun = measureSync(SECONDS, (i) => approval.evaluate(remediations[i % remediations.length]));
  const approvalRate = approvalRun.n / approvalRun.seconds;
  report('approval', 'Rego in WebAssembly, in-process', approvalRun, approvalRate);
  report(
    'approval',
    'OPA REST server (keep-alive)',
    await measure(SECONDS, 1e9, (i) =>
      post('/v1/data/trustladder/approval/decision', remediations[i % remediations.length]),
    ),
    approvalRate,
  );
  report(
    'approval',
    'opa eval, one process per decision',
    await measure(EVAL_SECONDS, EVAL_MAX, (i) =>
      opaEval('data.trustladder.approval.decision', remediations[i % remediations.length]),
    ),
    approvalRate,
  );
} finally {
  agent.destroy();
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
