// Costs on the attestation path: verifying one approval bundle offline (certificate chain,
// SCT, Rekor SET and inclusion proof, TSA, DSSE signature, identity, binding), running the
// review gate (which classifies the change itself), reading a large change with the strict
// JSON reader against plain JSON.parse, generating the Kyverno directory, and simulating one
// pod admission through the generated T3 policy. Bundles are signed by the in-process Sigstore of
// @trustladder/attest/testing before timing starts.
import { loadTrustMaterial, reviewGate, verifyApproval } from '@trustladder/attest';
import { createSigstoreWorld } from '@trustladder/attest/testing';
import {
  APPROVAL_PREDICATE_TYPE,
  canonicalDigest,
  DEFAULT_POLICY_TEXTS,
  loadAttestorPolicy,
  loadBlastRadiusPolicy,
  parseJson,
} from '@trustladder/core';
import { buildPolicies, generateKyverno, simulateAdmission } from '@trustladder/kyverno';

import { medianMs, QUICK } from './median-time.mjs';

const time = (fn, minMs = QUICK ? 100 : 500) => medianMs(fn, minMs, 5);

const attestors = loadAttestorPolicy(DEFAULT_POLICY_TEXTS.attestors);
const digest = (c) => `sha256:${c.repeat(64)}`;
const blastRadius = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
const change = { repo: 'acme/payments-api', files: [{ path: 'src/auth/session.ts', status: 'modified' }] };
const changeDigest = canonicalDigest(change);
const world = await createSigstoreWorld();
let bundle;
let signMs;
try {
  const t0 = performance.now();
  bundle = await world.sign({
    subject: 'https://github.com/acme/prod-approvals/.github/workflows/t3-approve.yml@refs/heads/main',
    issuer: 'https://token.actions.githubusercontent.com',
    payload: {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'acme/payments-api#42', digest: { sha256: changeDigest.slice(7) } }],
      predicateType: APPROVAL_PREDICATE_TYPE,
      predicate: {
        taskId: 'task-1',
        tier: 'T3',
        changeDigest,
        policyDigest: blastRadius.digest,
        repo: 'acme/payments-api',
        approver: { id: 'alice' },
        approvedAt: '2026-04-16T16:30:00Z',
      },
    },
  });
  signMs = performance.now() - t0;
} finally {
  await world.close();
}
const trust = loadTrustMaterial(world.trustedRoot);
const human = attestors.attestor('human-approval');
// Approvals are never judged before their signature: an hour after the world's clock.
const at = new Date(world.now().getTime() + 3_600_000);
const expected = {
  taskId: 'task-1',
  tier: 'T3',
  changeDigest,
  policyDigest: blastRadius.digest,
  repo: 'acme/payments-api',
  at,
};
const pr = { repo: 'acme/payments-api', changeDigest, change };
// A 1 MB change (4,000 files with patches) as text, for the strict reader against JSON.parse.
const bigChange = JSON.stringify({
  repo: 'acme/payments-api',
  files: Array.from({ length: 4000 }, (_, i) => ({
    path: `src/module-${i}/file.ts`,
    status: 'modified',
    patch: `@@ -1 +1 @@\n+${'x'.repeat(180)}\n`,
  })),
});

const policies = buildPolicies(attestors);
const image = `ghcr.io/acme/api@${digest('e')}`;
const pod = {
  operation: 'CREATE',
  resource: { group: '', version: 'v1', resource: 'pods' },
  namespace: 'payments',
  object: {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'app', image }] },
  },
  userInfo: { username: 'alice', groups: ['system:authenticated'] },
};
const cluster = { namespaces: { payments: { 'blast-radius': 't3' } } };
const signatures = {
  [image]: {
    'https://slsa.dev/provenance/v1': ['agent-build'],
    [APPROVAL_PREDICATE_TYPE]: ['human-approval'],
  },
};

const rows = [
  ['sign one bundle (mock Fulcio, Rekor, TSA over loopback)', signMs],
  [
    'verifyApproval: one bundle, offline',
    time(() => verifyApproval(bundle, human, expected, { trust, policy: attestors })),
  ],
  [
    'reviewGate: T3 with one bundle',
    time(() =>
      reviewGate(pr, { id: 'task-1', tier: 'T3' }, [bundle], { attestors, trust, policy: blastRadius, at }),
    ),
  ],
  [`JSON.parse: a ${(bigChange.length / 1e6).toFixed(1)} MB change`, time(() => JSON.parse(bigChange))],
  [
    `parseJson (strict: BOM, duplicate keys, depth, nodes): the same change`,
    time(() => parseJson(bigChange)),
  ],
  [
    'loadAttestorPolicy (parse, schema, checks)',
    time(() => loadAttestorPolicy(DEFAULT_POLICY_TEXTS.attestors)),
  ],
  ['generateKyverno: 5 policies, 37 files in all', time(() => generateKyverno(attestors))],
  [
    'simulateAdmission: one pod, 5 policies',
    time(() => simulateAdmission(policies, pod, cluster, signatures)),
  ],
];
console.log('| operation | median ms |\n|---|---:|');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(3)} |`);
