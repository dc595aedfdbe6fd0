import { validateAgainst } from '@trustladder/core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { expectedPolicies } from './drift/expected-policies.js';
import { K8sError } from './errors.js';
import { observeOnce } from './observe.js';
import type { ObserverReport } from './report/observer-report.types.js';
import { cronJob, deployment, installPolicies, namespace, pinned, pod } from './testing/cluster-fixtures.js';
import { FakeApiServer, type FakeApiServerOptions, type FakeObject } from './testing/fake-api-server.js';
import { clientFor, defaultAttestors } from './testing/observer-harness.js';

const attestors = defaultAttestors();
const expected = expectedPolicies(attestors);
const NOW = () => new Date('2026-05-01T00:00:00Z');

const servers: FakeApiServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** A fake cluster with three labelled namespaces, pinned workloads and the policies installed. */
async function cleanCluster(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const fake = await FakeApiServer.start(options);
  servers.push(fake);
  fake.put('namespaces', namespace('payments', 't3'));
  fake.put('namespaces', namespace('checkout', 't2'));
  fake.put('namespaces', namespace('docs', 't0'));
  fake.put(
    'deployments',
    deployment('payments', 'api', { containers: [pinned('api')], init: [pinned('migrate')] }),
  );
  fake.put('deployments', deployment('docs', 'site', { containers: ['nginx:1.27'] }));
  fake.put('cronjobs', cronJob('checkout', 'reconcile', { containers: [pinned('reconcile')] }));
  if (options.kyverno !== false) installPolicies(fake, expected);
  return fake;
}

async function observe(fake: FakeApiServer): Promise<ObserverReport> {
  const { client } = clientFor(fake);
  const report = await observeOnce({ client, attestors, now: NOW });
  // Every report, whatever it found, satisfies the published schema.
  expect(validateAgainst('observer-report', report)).toEqual([]);
  return report;
}

function expectReadOnly(fake: FakeApiServer): void {
  expect(fake.writes()).toEqual([]);
  expect(fake.reviews()).toHaveLength(1);
  for (const r of fake.requests) expect(['GET', 'POST']).toContain(r.method);
}

describe('observeOnce', () => {
  test('a clean cluster: no finding, only GETs and the one rules review', async () => {
    const fake = await cleanCluster();
    const report = await observe(fake);
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.rbac).toEqual({
      state: 'read-only',
      namespace: 'trustladder-system',
      incomplete: false,
      writeGrants: [],
    });
    expect(report.namespaces.map((n) => [n.name, n.label, n.tier])).toEqual([
      ['checkout', 't2', 'T2'],
      ['docs', 't0', 'T0'],
      ['payments', 't3', 'T3'],
    ]);
    expect(report.policies).toMatchObject({ served: true, drift: [] });
    expect(report.policies.expected).toHaveLength(expected.length);
    expect(report.sources.every((s) => s.state === 'synced')).toBe(true);
    expectReadOnly(fake);
    // Discovery is read first, then the review, then the lists.
    expect(fake.requests.slice(0, 2).map((r) => r.path)).toEqual(['/api', '/apis']);
  });

  test('the default ladder view says what each tier requires', async () => {
    const fake = await cleanCluster();
    const report = await observe(fake);
    const payments = report.namespaces.find((n) => n.name === 'payments');
    expect(payments?.ladder.notes.join(' ')).toContain('human-approval');
    expect(payments?.ladder.remediationLevel).toBeUndefined();
  });
});

describe('policy drift', () => {
  let fake: FakeApiServer;
  beforeAll(async () => {
    fake = await cleanCluster();
  });
  afterEach(() => installPolicies(fake, expected));

  test('a missing policy', async () => {
    fake.remove('imagevalidatingpolicies', 'trustladder-t2-attestations');
    const report = await observe(fake);
    expect(report.policies.drift).toEqual([
      { kind: 'ImageValidatingPolicy', name: 'trustladder-t2-attestations', change: 'missing', fields: [] },
    ]);
    expect(report.findings.map((f) => f.type)).toEqual(['policy-drift']);
    expect(report.ok).toBe(false);
  });

  test('a changed spec names the fields that differ', async () => {
    const t3 = expected.find((p) => p.metadata.name === 'trustladder-t3-attestations');
    const changed = JSON.parse(JSON.stringify({ metadata: t3?.metadata, spec: t3?.spec }));
    changed.spec.failurePolicy = 'Ignore';
    changed.spec.validations[1].expression = 'true';
    fake.put('imagevalidatingpolicies', changed as FakeObject);
    const report = await observe(fake);
    expect(report.policies.drift).toEqual([
      {
        kind: 'ImageValidatingPolicy',
        name: 'trustladder-t3-attestations',
        change: 'changed',
        fields: ['/spec/failurePolicy', '/spec/validations/1/expression'],
      },
    ]);
  });

  test('a weakened validationConfigurations (verifyDigest off) is drift', async () => {
    const t3 = expected.find((p) => p.metadata.name === 'trustladder-t3-attestations');
    const changed = JSON.parse(JSON.stringify({ metadata: t3?.metadata, spec: t3?.spec }));
    changed.spec.validationConfigurations.verifyDigest = false;
    fake.put('imagevalidatingpolicies', changed as FakeObject);
    const report = await observe(fake);
    expect(report.policies.drift.map((d) => d.fields)).toEqual([
      ['/spec/validationConfigurations/verifyDigest'],
    ]);
  });

  test('a changed or missing generator label is drift; labels and annotations others add are not', async () => {
    const ro = expected.find((p) => p.metadata.name === 'trustladder-observer-read-only');
    const other = JSON.parse(JSON.stringify({ metadata: ro?.metadata, spec: ro?.spec }));
    other.metadata.labels = { 'argocd.argoproj.io/instance': 'platform' };
    other.metadata.annotations = {
      ...other.metadata.annotations,
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
    };
    fake.put('validatingpolicies', other as FakeObject);
    const report = await observe(fake);
    expect(report.policies.drift).toEqual([
      {
        kind: 'ValidatingPolicy',
        name: 'trustladder-observer-read-only',
        change: 'changed',
        fields: ['/metadata/labels/app.kubernetes.io~1managed-by'],
      },
    ]);
  });

  test('an extra trustladder policy (labelled, or named like one) is drift; foreign policies are not', async () => {
    fake.put('imagevalidatingpolicies', {
      metadata: {
        name: 'trustladder-t4-attestations',
        labels: { 'app.kubernetes.io/managed-by': 'trustladder' },
      },
      spec: {},
    });
    fake.put('validatingpolicies', { metadata: { name: 'trustladder-allow-all' }, spec: {} });
    fake.put('validatingpolicies', { metadata: { name: 'require-team-label' }, spec: {} });
    const report = await observe(fake);
    expect(report.policies.drift.map((d) => [d.kind, d.name, d.change])).toEqual([
      ['ImageValidatingPolicy', 'trustladder-t4-attestations', 'extra'],
      ['ValidatingPolicy', 'trustladder-allow-all', 'extra'],
    ]);
    fake.remove('imagevalidatingpolicies', 'trustladder-t4-attestations');
    fake.remove('validatingpolicies', 'trustladder-allow-all');
    fake.remove('validatingpolicies', 'require-team-label');
  });

  test('a field the generator never writes, added to an installed policy, is drift', async () => {
    const t1 = expected.find((p) => p.metadata.name === 'trustladder-t1-attestations');
    const spec = JSON.parse(JSON.stringify(t1?.spec));
    spec.matchConditions = [{ name: 'skip-ci', expression: "!object.metadata.name.startsWith('ci-')" }];
    fake.put('imagevalidatingpolicies', { metadata: t1?.metadata, spec } as FakeObject);
    const report = await observe(fake);
    expect(report.policies.drift.map((d) => d.fields)).toEqual([['/spec/matchConditions']]);
  });

  test('Kyverno not installed: every generated policy is missing and the API is not served', async () => {
    const bare = await cleanCluster({ kyverno: false });
    const report = await observe(bare);
    expect(report.policies.served).toBe(false);
    expect(report.policies.drift.map((d) => d.change)).toEqual(expected.map(() => 'missing'));
    expect(report.sources.filter((s) => s.state === 'not-served').map((s) => s.resource)).toEqual([
      'imagevalidatingpolicies',
      'validatingpolicies',
    ]);
    // Discovery said so: the observer did not even ask for the lists.
    expect(bare.requests.some((r) => r.path.endsWith('/imagevalidatingpolicies'))).toBe(false);
    expectReadOnly(bare);
  });
});

describe('unpinned images', () => {
  let fake: FakeApiServer;
  beforeAll(async () => {
    fake = await cleanCluster();
  });

  test('an init container by tag in a T3 deployment', async () => {
    fake.put(
      'deployments',
      deployment('payments', 'ledger', { containers: [pinned('ledger')], init: ['acme/migrate:1.4'] }),
    );
    const report = await observe(fake);
    expect(report.workloads).toEqual([
      {
        namespace: 'payments',
        tier: 'T3',
        kind: 'Deployment',
        name: 'ledger',
        controller: null,
        unpinned: [{ slot: 'initContainer', name: 'init-0', image: 'acme/migrate:1.4' }],
        ladder: { notes: [expect.stringContaining('blast-radius T3')] },
      },
    ]);
    expect(report.findings.map((f) => [f.type, f.subject])).toEqual([
      ['unpinned-image', 'payments/Deployment/ledger'],
    ]);
    fake.remove('deployments', 'ledger', 'payments');
  });

  test('an ephemeral container in a T2 pod, even when its owner is pinned', async () => {
    fake.put(
      'pods',
      pod(
        'checkout',
        'reconcile-29000-abcde',
        { containers: [pinned('reconcile')], ephemeral: ['busybox:latest'] },
        { kind: 'Job', name: 'reconcile-29000' },
      ),
    );
    const report = await observe(fake);
    expect(report.workloads.map((w) => [w.kind, w.name, w.controller, w.unpinned])).toEqual([
      [
        'Pod',
        'reconcile-29000-abcde',
        { kind: 'Job', name: 'reconcile-29000' },
        [{ slot: 'ephemeralContainer', name: 'debugger-0', image: 'busybox:latest' }],
      ],
    ]);
    fake.remove('pods', 'reconcile-29000-abcde', 'checkout');
  });

  test('image volumes, digests of other algorithms and upper-case hex are not pinned', async () => {
    const digest = pinned('x').split('@')[1] ?? '';
    const p = pod('payments', 'odd', {
      containers: [
        `acme/a@${digest.toUpperCase().replace('SHA256', 'sha256')}`,
        `acme/b@sha512:${'ab'.repeat(64)}`,
      ],
    });
    (p.spec as Record<string, unknown>).volumes = [{ name: 'model', image: { reference: 'acme/model:v2' } }];
    fake.put('pods', p);
    const report = await observe(fake);
    expect(report.workloads[0]?.unpinned.map((i) => i.slot)).toEqual([
      'container',
      'container',
      'imageVolume',
    ]);
    fake.remove('pods', 'odd', 'payments');
  });

  test('T0 and T1 namespaces are not reported; unknown-tier namespaces are', async () => {
    fake.put('namespaces', namespace('tools', 't1'));
    fake.put('namespaces', namespace('legacy'));
    fake.put('deployments', deployment('tools', 'lint', { containers: ['acme/lint:3'] }));
    fake.put('deployments', deployment('legacy', 'cron', { containers: ['acme/cron:1'] }));
    // A workload whose namespace object is not (yet) known is unknown-tier too.
    fake.put('deployments', deployment('ghost', 'orphan', { containers: ['acme/orphan:1'] }));
    const report = await observe(fake);
    expect(report.workloads.map((w) => [w.namespace, w.tier, w.name])).toEqual([
      ['ghost', 'unknown', 'orphan'],
      ['legacy', 'unknown', 'cron'],
    ]);
    expect(report.workloads[1]?.ladder.notes[0]).toContain('treats it as T3');
    fake.remove('deployments', 'lint', 'tools');
    fake.remove('deployments', 'cron', 'legacy');
    fake.remove('deployments', 'orphan', 'ghost');
    fake.remove('namespaces', 'tools');
    fake.remove('namespaces', 'legacy');
  });
});

describe('blast-radius labels', () => {
  test('missing and unknown values are unknown, never a low tier', async () => {
    const fake = await cleanCluster();
    for (const [name, label] of [
      ['upper', 'T3'],
      ['spaced', ' t3'],
      ['word', 'high'],
      ['empty', ''],
      ['four', 't4'],
    ] as const) {
      fake.put('namespaces', namespace(name, label));
    }
    fake.put('namespaces', namespace('bare'));
    const report = await observe(fake);
    const byName = new Map(report.namespaces.map((n) => [n.name, n]));
    for (const name of ['upper', 'spaced', 'word', 'empty', 'four']) {
      expect(byName.get(name)).toMatchObject({ tier: 'unknown', problem: 'unrecognised-label' });
    }
    expect(byName.get('bare')).toMatchObject({ tier: 'unknown', label: null, problem: 'missing-label' });
    // A label alone is no finding; what runs in such a namespace is judged as T3.
    expect(report.ok).toBe(true);
  });
});

describe("the observer's own RBAC", () => {
  test('a write on workloads granted to the observer is a finding', async () => {
    const fake = await cleanCluster({
      rules: [
        { verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] },
        { verbs: ['patch'], apiGroups: ['apps'], resources: ['deployments/scale'] },
      ],
    });
    const report = await observe(fake);
    expect(report.rbac.state).toBe('writes-granted');
    expect(report.rbac.writeGrants).toEqual([
      {
        reason: 'workload-write',
        apiGroups: ['apps'],
        resources: ['deployments/scale'],
        verbs: ['patch'],
        resourceNames: [],
      },
    ]);
    expect(report.findings.map((f) => f.type)).toEqual(['rbac-writes']);
    expectReadOnly(fake);
  });

  test('an incomplete review cannot show read-only: unverified, a finding', async () => {
    const fake = await cleanCluster({ incomplete: true });
    const report = await observe(fake);
    expect(report.rbac).toMatchObject({ state: 'unverified', incomplete: true });
    expect(report.findings.map((f) => f.type)).toEqual(['rbac-unverified']);
  });

  test('a refused review is unverified, and the rest of the report is still made', async () => {
    const fake = await cleanCluster({ reviewStatus: 403 });
    const report = await observe(fake);
    expect(report.rbac.state).toBe('unverified');
    expect(report.namespaces).toHaveLength(3);
    expect(fake.reviews()).toHaveLength(1);
  });
});

describe('an unreachable server', () => {
  test('is UNREACHABLE, naming the server', async () => {
    const fake = await FakeApiServer.start();
    const { client } = clientFor(fake);
    await fake.close();
    const err = await observeOnce({ client, attestors }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(K8sError);
    expect(err).toMatchObject({ code: 'UNREACHABLE', server: fake.url });
  });

  test('a list refused by the server is thrown, not reported as an empty cluster', async () => {
    const fake = await cleanCluster();
    fake.failNext('pods', 403);
    const err = await observeOnce({ client: clientFor(fake).client, attestors }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'API_ERROR', status: 403 });
  });
});
