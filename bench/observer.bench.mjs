// The read-only observer: how long a report takes to build from a snapshot as the cluster
// grows, a one-shot `observe` over loopback HTTP against the fake API server (the requests
// are real client-node requests; the server is in-process), and in watch mode the time from a
// change in the cluster to the new report. @trustladder/k8s resolves to its build (dist/).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY_TEXTS, loadAttestorPolicy } from '@trustladder/core';
import {
  buildReport,
  expectedPolicies,
  loadKubeConfig,
  observeOnce,
  ReadOnlyClient,
  tierLadderView,
  WORKLOAD_KINDS,
  watchObserver,
} from '@trustladder/k8s';
import { deployment, FakeApiServer, installPolicies, namespace, pinned, pod } from '@trustladder/k8s/testing';

const QUICK = process.env.TRUSTLADDER_BENCH_QUICK === '1';
const attestors = loadAttestorPolicy(DEFAULT_POLICY_TEXTS.attestors);
const expected = expectedPolicies(attestors);
const LABELS = ['t0', 't1', 't2', 't3', undefined];

function cluster(namespaces, podsPerNamespace) {
  const ns = [];
  const deployments = [];
  const pods = [];
  for (let i = 0; i < namespaces; i++) {
    ns.push(namespace(`team-${i}`, LABELS[i % LABELS.length]));
    for (let j = 0; j < podsPerNamespace; j++) {
      const image = j % 10 === 0 ? `acme/app-${j}:1.0` : pinned(`app-${j}`);
      if (j % 3 === 0) deployments.push(deployment(`team-${i}`, `app-${j}`, { containers: [image] }));
      pods.push(pod(`team-${i}`, `app-${j}-x`, { containers: [image], init: [pinned('init')] }));
    }
  }
  return { ns, deployments, pods };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];

// 1. buildReport on a snapshot (no I/O).
for (const [namespaces, perNs] of QUICK
  ? [[20, 50]]
  : [
      [20, 50],
      [100, 100],
      [200, 250],
    ]) {
  const c = cluster(namespaces, perNs);
  const synced = (objects) => ({ state: 'synced', objects });
  const snapshot = {
    namespaces: synced(c.ns),
    workloads: new Map(
      WORKLOAD_KINDS.map((k) => [k, synced(k === 'Pod' ? c.pods : k === 'Deployment' ? c.deployments : [])]),
    ),
    policies: new Map([
      ['ImageValidatingPolicy', synced(expected.filter((p) => p.kind === 'ImageValidatingPolicy'))],
      ['ValidatingPolicy', synced(expected.filter((p) => p.kind === 'ValidatingPolicy'))],
    ]),
  };
  const input = {
    snapshot,
    cluster: { server: 'https://bench', context: 'bench' },
    attestors,
    expected,
    rbac: { state: 'read-only', namespace: 'trustladder-system', incomplete: false, writeGrants: [] },
    ladder: tierLadderView(attestors),
  };
  const samples = [];
  for (let i = 0; i < (QUICK ? 3 : 7); i++) {
    const t0 = performance.now();
    await buildReport(input);
    samples.push(performance.now() - t0);
  }
  rows.push([
    `buildReport, ${c.ns.length} ns, ${c.pods.length + c.deployments.length} workloads`,
    `${median(samples).toFixed(1)} ms`,
  ]);
}

// 2. One-shot observe over loopback HTTP.
const size = QUICK ? [20, 50] : [100, 100];
const fake = await FakeApiServer.start();
const c = cluster(...size);
for (const n of c.ns) fake.put('namespaces', n);
for (const d of c.deployments) fake.put('deployments', d);
for (const p of c.pods) fake.put('pods', p);
installPolicies(fake, expected);
const dir = mkdtempSync(join(tmpdir(), 'tl-bench-'));
writeFileSync(join(dir, 'config'), fake.kubeconfig());
const loaded = () => loadKubeConfig({ kubeconfig: join(dir, 'config'), env: {}, cwd: dir });
const once = [];
for (let i = 0; i < (QUICK ? 2 : 5); i++) {
  const before = fake.requests.length;
  const t0 = performance.now();
  await observeOnce({ client: new ReadOnlyClient(loaded()), attestors });
  once.push(performance.now() - t0);
  if (i === 0) rows.push(['requests per one-shot report', String(fake.requests.length - before)]);
}
rows.push([
  `observeOnce over HTTP, ${c.pods.length + c.deployments.length} workloads`,
  `${median(once).toFixed(0)} ms`,
]);

// 3. Watch mode: a change in the cluster to the new report (settle 10 ms). The probe lives
// in a T3 namespace and flips between pinned and unpinned, so every change changes the report.
const controller = new AbortController();
let resolveNext;
const watching = watchObserver({
  client: new ReadOnlyClient(loaded()),
  attestors,
  signal: controller.signal,
  settleMs: 10,
  onReport: () => resolveNext?.(),
});
await new Promise((r) => {
  resolveNext = r;
});
await fake.waitForWatches(11);
const latency = [];
for (let i = 0; i < (QUICK ? 5 : 30); i++) {
  const next = new Promise((r, reject) => {
    resolveNext = r;
    setTimeout(() => reject(new Error('no report within 10 s')), 10_000).unref();
  });
  const t0 = performance.now();
  fake.put(
    'deployments',
    deployment('team-3', 'probe', { containers: [i % 2 ? pinned('probe') : 'acme/probe:1'] }),
  );
  await next;
  latency.push(performance.now() - t0);
}
controller.abort();
await watching;
rows.push([
  `watch: change -> new report (${c.pods.length + c.deployments.length} workloads)`,
  `${median(latency).toFixed(0)} ms`,
]);
rows.push(['writes received by the fake in all of the above', String(fake.writes().length)]);
await fake.close();

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`${'measure'.padEnd(width)}  median`);
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
