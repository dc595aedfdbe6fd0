// Decisions per second of the two Rego policies, measured in the same run four ways:
//   - in-process: the TypeScript classifier, and the Rego compiled to WebAssembly (one instance,
//     data loaded once) for classify and approval;
//   - OPA's REST server (`opa run --server` on 127.0.0.1, the same Rego sources and data, one
//     keep-alive connection, one request at a time);
//   - one `opa eval` process per decision (the same sources, data and input files).
// Classify runs the default policy over examples/changes/*.json; approval runs DESIGN.md's
// default data over examples/approval/*.json. Each row is bounded by a count and a time
// (OPA_BENCH_SECONDS, default 3 s per in-process or REST row). Prints a table; asserts nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import {
  classify,
  DEFAULT_POLICY_TEXTS,
  loadApprovalData,
  loadBlastRadiusPolicy,
  normaliseChange,
} from '@trustladder/core';
import { loadApprovalEvaluator, loadWasmClassifier } from '@trustladder/core/node';
import { startOpa } from './opa-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.OPA_BENCH_SECONDS ?? 3);
const EVAL_SECONDS = Number(process.env.OPA_BENCH_EVAL_SECONDS ?? 6);
const EVAL_MAX = Number(process.env.OPA_BENCH_EVAL_MAX ?? 40);

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

const opa = await startOpa({ blast_radius: policy, approval: approvalData });
const { post, opaEval } = opa;

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
  opa.close();
}
