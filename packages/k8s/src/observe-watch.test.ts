import { validateAgainst } from '@trustladder/core';
import { afterAll, describe, expect, test } from 'vitest';
import { WORKLOAD_RESOURCES } from './cluster/resources.js';
import { expectedPolicies } from './drift/expected-policies.js';
import { deployment, installPolicies, namespace, pinned, pod } from './testing/cluster-fixtures.js';
import { FakeApiServer, type FakeApiServerOptions } from './testing/fake-api-server.js';
import { defaultAttestors } from './testing/observer-harness.js';
import { startWatch } from './testing/watch-harness.js';

const attestors = defaultAttestors();
const expected = expectedPolicies(attestors);
const COLLECTIONS = 1 + WORKLOAD_RESOURCES.length + 2;

const servers: FakeApiServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function cluster(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const fake = await FakeApiServer.start(options);
  servers.push(fake);
  fake.put('namespaces', namespace('payments', 't3'));
  fake.put('namespaces', namespace('checkout', 't2'));
  fake.put('deployments', deployment('payments', 'api', { containers: [pinned('api')] }));
  if (options.kyverno !== false) installPolicies(fake, expected);
  return fake;
}

function expectReadOnly(fake: FakeApiServer): void {
  expect(fake.writes()).toEqual([]);
  expect(fake.reviews()).toHaveLength(1);
}

const lists = (fake: FakeApiServer, path: string) =>
  fake.requests.filter((r) => r.method === 'GET' && r.path === path && r.query.watch !== 'true').length;
const watches = (fake: FakeApiServer) => fake.requests.filter((r) => r.query.watch === 'true').length;

describe('watchObserver', () => {
  test('keeps the report current as workloads change, with reads only', async () => {
    const fake = await cluster();
    const w = await startWatch(fake, attestors);
    expect(w.reports[0]?.ok).toBe(true);
    await fake.waitForWatches(COLLECTIONS);

    fake.put('deployments', deployment('checkout', 'cart', { containers: ['acme/cart:2.1'] }));
    const bad = await w.next((r) => !r.ok);
    expect(bad.workloads.map((x) => `${x.namespace}/${x.name}`)).toEqual(['checkout/cart']);
    expect(validateAgainst('observer-report', bad)).toEqual([]);

    fake.put('deployments', deployment('checkout', 'cart', { containers: [pinned('cart')] }));
    await w.next((r) => r.ok);

    // Relabelling a namespace moves its workloads in or out of the report.
    fake.put('deployments', deployment('checkout', 'cart', { containers: ['acme/cart:2.2'] }));
    await w.next((r) => !r.ok);
    fake.put('namespaces', namespace('checkout', 't1'));
    await w.next((r) => r.ok);

    await w.stop();
    expectReadOnly(fake);
    // One list and at least one watch per collection; every request a GET but the review.
    expect(lists(fake, '/apis/apps/v1/deployments')).toBe(1);
    expect(watches(fake)).toBeGreaterThanOrEqual(COLLECTIONS);
  });

  test('a policy deleted while watching is reported as missing drift', async () => {
    const fake = await cluster();
    const w = await startWatch(fake, attestors);
    await fake.waitForWatches(COLLECTIONS);
    fake.remove('validatingpolicies', 'trustladder-blast-radius-label');
    const r = await w.next((x) => x.policies.drift.length > 0);
    expect(r.policies.drift).toEqual([
      { kind: 'ValidatingPolicy', name: 'trustladder-blast-radius-label', change: 'missing', fields: [] },
    ]);
    await w.stop();
    expectReadOnly(fake);
  });

  test('reconnects after dropped watches from its resourceVersion, and relists after 410 Gone', async () => {
    const fake = await cluster();
    const w = await startWatch(fake, attestors);
    await fake.waitForWatches(COLLECTIONS);

    fake.dropWatches();
    await fake.waitForWatches(COLLECTIONS);
    fake.put('pods', pod('payments', 'debug', { containers: [pinned('api')], ephemeral: ['busybox'] }));
    await w.next((r) => r.workloads.some((x) => x.name === 'debug'));
    expect(lists(fake, '/api/v1/pods')).toBe(1);

    fake.expireWatches();
    // A change made while no watch is open is seen through the relist.
    fake.remove('pods', 'debug', 'payments');
    await w.next((r) => r.ok);
    await fake.waitForWatches(COLLECTIONS);
    expect(lists(fake, '/api/v1/pods')).toBe(2);

    await w.stop();
    expectReadOnly(fake);
  });

  test('a collection that fails is reported as unavailable, then recovers', async () => {
    const fake = await cluster();
    const w = await startWatch(fake, attestors);
    await fake.waitForWatches(COLLECTIONS);
    fake.failNext('pods', 500, 2);
    fake.dropWatches();
    const failing = await w.next((r) => r.findings.some((f) => f.type === 'source-unavailable'));
    expect(failing.sources.find((s) => s.resource === 'pods')).toMatchObject({ state: 'error' });
    expect(failing.ok).toBe(false);
    await w.next((r) => r.ok);
    await w.stop();
    expectReadOnly(fake);
  });

  test('Kyverno installed while watching: missing policies, then none', async () => {
    const fake = await cluster({ kyverno: false });
    const w = await startWatch(fake, attestors);
    expect(w.reports[0]?.policies.served).toBe(false);
    expect(w.reports[0]?.policies.drift).toHaveLength(expected.length);
    fake.setKyverno(true);
    installPolicies(fake, expected);
    const r = await w.next((x) => x.policies.served && x.policies.drift.length === 0);
    expect(r.ok).toBe(true);
    await w.stop();
    expectReadOnly(fake);
  });

  test('stopping closes every watch stream and returns the last report', async () => {
    const fake = await cluster();
    const w = await startWatch(fake, attestors);
    await fake.waitForWatches(COLLECTIONS);
    const last = await w.stop();
    expect(last.ok).toBe(true);
    const deadline = Date.now() + 5000;
    while (fake.openWatches > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(fake.openWatches).toBe(0);
    // Nothing is requested after the stop.
    const count = fake.requests.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.requests.length).toBe(count);
    expectReadOnly(fake);
  });
});
