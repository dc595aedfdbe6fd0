// Costs of the failure-mode mitigations at daily-job sizes: the reconciliation of 1,000 open
// tasks, the stall guard over 100,000 heartbeats, the approval audit of 10,000 approvals with
// 10,000 admissions, the verification of the approval bundles it audits (the shipped week,
// repeated), and a policy diff over 1,000 changes. Timed in-process; the bundles are read
// before timing starts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTrustMaterial, verifyAuditApprovals } from '@trustladder/attest';
import {
  auditApprovals,
  DEFAULT_APPROVAL_AUDIT_SETTINGS,
  DEFAULT_POLICY_TEXTS,
  diffPolicies,
  findStalls,
  loadAttestorPolicy,
  loadBlastRadiusPolicy,
  reconcile,
} from '@trustladder/core';

const QUICK = process.env.TRUSTLADDER_BENCH_QUICK === '1';
const scale = QUICK ? 10 : 1;
const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const T0 = Date.UTC(2026, 10, 27);
const PATHS = [
  'docs/a.md',
  'src/auth/session.ts',
  'ui/components/Cart.tsx',
  'db/migrations/1.sql',
  'src/payments/capture.ts',
];

function timed(name, count, fn) {
  const t0 = performance.now();
  const out = fn();
  const ms = performance.now() - t0;
  rows.push([
    name,
    String(count),
    `${ms.toFixed(0)} ms (${Math.round((count / ms) * 1000).toLocaleString('en')}/s)`,
  ]);
  return out;
}
const rows = [];

const tasks = Array.from({ length: 1000 / scale }, (_, i) => ({
  id: `task-${i}`,
  repo: 'acme/app',
  tier: 'T1',
  task_class: 'ui-change',
  blast_radius: {
    reason: 'r',
    surfaces: [PATHS[i % 5], `src/x${i}.ts`],
    evaluated_by: 's',
    evaluated_at: iso(T0),
  },
  acceptance_criteria: ['done'],
  assigned_agent: 'dev-e',
}));
timed('reconcile open tasks (surfaces x3 statuses)', tasks.length, () =>
  reconcile(tasks, { policy, at: iso(T0) }),
);

const beats = Array.from({ length: 100_000 / scale }, (_, i) => ({
  type: 'RunProgressed',
  at: iso(T0 + i * 100),
  agent: 'dev-e',
  taskId: `task-${i % 5000}`,
  taskClass: 'c',
  tier: 'T1',
  status: i % 3 === 0 ? 'failing' : 'ok',
  workTier: 'T2',
}));
timed('findStalls over heartbeats', beats.length, () =>
  findStalls(beats, { at: iso(T0 + 86_400_000), stallAfterUs: 7_200_000_000, failuresInARow: 3 }),
);

const approvals = Array.from({ length: 10_000 / scale }, (_, i) => ({
  kind: i % 4 === 0 ? 'interface' : 'cosign',
  taskId: `task-${i}`,
  by: `human-${i % 7}`,
  timeZone: ['Europe/Oslo', 'America/New_York', 'Asia/Tokyo'][i % 3],
  requestedAt: iso(T0 + i * 60_000),
  approvedAt: iso(T0 + i * 60_000 + (i % 20) * 60_000),
  imageDigest: `sha256:${(i % 256).toString(16).padStart(2, '0').repeat(32)}`,
  change: { signedLines: 100, currentLines: 100 + (i % 3) },
}));
const admissions = approvals.map((a, i) => ({
  at: a.approvedAt,
  namespace: 'payments',
  resource: `Pod/p${i}`,
  policy: 'trustladder-t3-attestations',
  imageDigest: i % 10 === 0 ? null : a.imageDigest,
  tier: 'T3',
}));
const report = timed('auditApprovals (approvals + admissions)', approvals.length * 2, () =>
  auditApprovals(approvals, admissions, DEFAULT_APPROVAL_AUDIT_SETTINGS),
);

// The example week (8 bundles: 6 verify, 2 forged), repeated: every bundle is verified in full
// (chain, SCT, Rekor, TSA, DSSE, identity, binding) before a repeat is found to be a duplicate.
const EX = join(import.meta.dirname, '../examples/failure-modes');
const week = JSON.parse(readFileSync(join(EX, 'approvals.json'), 'utf8')).approvals.map((e) => ({
  kind: e.kind,
  source: e.bundle,
  bundle: JSON.parse(readFileSync(join(EX, e.bundle), 'utf8')),
  requestedAt: e.requestedAt,
  ...(e.timeZone ? { timeZone: e.timeZone } : {}),
}));
const repeated = Array.from({ length: QUICK ? 5 : 25 }, () => week).flat();
const verifyOptions = {
  attestors: loadAttestorPolicy(DEFAULT_POLICY_TEXTS.attestors),
  trust: loadTrustMaterial(JSON.parse(readFileSync(join(EX, '../attestation/trusted-root.json'), 'utf8'))),
  policy,
};
const verified = timed('verifyAuditApprovals (bundles)', repeated.length, () =>
  verifyAuditApprovals(repeated, verifyOptions),
);

const proposed = loadBlastRadiusPolicy(
  DEFAULT_POLICY_TEXTS['blast-radius'].replace('default: T2', 'default: T1'),
);
const changes = Array.from({ length: 1000 / scale }, (_, i) => ({
  name: `c${i}`,
  change: {
    repo: 'acme/app',
    files: [{ path: `${PATHS[i % 5]}`, status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b\n' }],
  },
}));
timed('diffPolicies (two classifications each)', changes.length, () =>
  diffPolicies(policy, proposed, changes),
);

const w = [46, 10];
console.log(`${'failure modes'.padEnd(w[0])}${'count'.padStart(w[1])}  time`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(w[0])}${b.padStart(w[1])}  ${c}`);
console.log(`approval audit findings: ${report.findings.length}`);
console.log(
  `approval bundles: ${verified.approvals.length} verified, ${verified.unverified.length} refused of ${repeated.length}`,
);
