import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  createConfiguration,
  KubernetesObjectApi,
  ServerConfiguration,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { K8sError } from '../errors.js';
import { deployment, namespace, pinned } from '../testing/cluster-fixtures.js';
import { FakeApiServer } from '../testing/fake-api-server.js';
import { writeKubeconfig } from '../testing/observer-harness.js';
import { GuardedHttpLibrary } from './guarded-http-library.js';
import { GuardedWatch } from './guarded-watch.js';
import { loadKubeConfig } from './load-kube-config.js';
import { ReadOnlyClient } from './read-only-client.js';
import { RequestGuard } from './request-guard.js';

let fake: FakeApiServer;
beforeAll(async () => {
  fake = await FakeApiServer.start();
  fake.put('namespaces', namespace('payments', 't3'));
  fake.put('deployments', deployment('payments', 'api', { containers: [pinned('api')] }));
});
afterAll(async () => {
  await fake.close();
});

function loaded() {
  return loadKubeConfig({ kubeconfig: writeKubeconfig(fake), env: {}, cwd: process.cwd() });
}

// client-node's typed APIs, configured with the guarded HttpLibrary as the observer's are.
function guardedApi<T>(Api: new (c: ReturnType<typeof createConfiguration>) => T, guard: RequestGuard): T {
  const l = loaded();
  return new Api(
    createConfiguration({
      baseServer: new ServerConfiguration(l.server, {}),
      authMethods: { default: l.kubeConfig },
      httpApi: new GuardedHttpLibrary(guard),
    }),
  );
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e instanceof K8sError ? e.code : `not a K8sError: ${String(e)}`;
  }
}

describe('the read-only client', () => {
  test('reads lists and discovery through the guard', async () => {
    const client = new ReadOnlyClient(loaded());
    const list = await client.list('/apis/apps/v1/deployments');
    expect(list.items.map((d) => d.metadata?.name)).toEqual(['api']);
    expect(await client.get('/api')).toMatchObject({ versions: ['v1'] });
    expect(client.guardCounts).toEqual({ admitted: 2, refused: 0 });
  });

  test('makes its one rules review, and refuses a second before it is sent', async () => {
    const client = new ReadOnlyClient(loaded());
    const before = fake.reviews().length;
    const status = await client.reviewOwnRules('trustladder-system');
    expect(status.incomplete).toBe(false);
    expect(await codeOf(client.reviewOwnRules('trustladder-system'))).toBe('WRITE_REFUSED');
    expect(fake.reviews()).toHaveLength(before + 1);
  });

  test('an API error status is API_ERROR with the status', async () => {
    const client = new ReadOnlyClient(loaded());
    const err = await client.get('/apis/example.com/v1/widgets').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(K8sError);
    expect(err).toMatchObject({ code: 'API_ERROR', status: 404 });
  });
});

describe("client-node's own write calls, through the guarded HttpLibrary", () => {
  // If a future change used a typed API for something, the guard would still stand between it
  // and the cluster: every write method fails with WRITE_REFUSED and reaches no server.
  test('create, replace, patch, delete and deletecollection are refused before the network', async () => {
    const guard = new RequestGuard(loaded().server);
    const core = guardedApi(CoreV1Api, guard);
    const apps = guardedApi(AppsV1Api, guard);
    const batch = guardedApi(BatchV1Api, guard);
    const custom = guardedApi(CustomObjectsApi, guard);
    const before = fake.requests.length;
    const attempts: Array<Promise<unknown>> = [
      core.createNamespace({ body: { metadata: { name: 'evil' } } }),
      core.deleteNamespace({ name: 'payments' }),
      core.deleteCollectionNamespacedPod({ namespace: 'payments' }),
      core.createNamespacedPodEviction({
        name: 'api-0',
        namespace: 'payments',
        body: { metadata: { name: 'api-0', namespace: 'payments' } },
      }),
      apps.patchNamespacedDeployment({
        name: 'api',
        namespace: 'payments',
        body: [{ op: 'replace', path: '/spec/replicas', value: 0 }],
      }),
      apps.replaceNamespacedDeployment({
        name: 'api',
        namespace: 'payments',
        body: { metadata: { name: 'api' } },
      }),
      apps.deleteNamespacedDeployment({ name: 'api', namespace: 'payments' }),
      batch.createNamespacedJob({ namespace: 'payments', body: { metadata: { name: 'j' } } }),
      custom.deleteClusterCustomObject({
        group: 'policies.kyverno.io',
        version: 'v1',
        plural: 'imagevalidatingpolicies',
        name: 'trustladder-t3-attestations',
      }),
    ];
    for (const attempt of attempts) {
      await expect(attempt).rejects.toMatchObject({ code: 'WRITE_REFUSED' });
    }
    expect(fake.requests.length).toBe(before);
    expect(guard.counts).toEqual({ admitted: 0, refused: attempts.length });
  });

  test('KubernetesObjectApi server-side apply is refused too (discovery GETs pass, the PATCH does not)', async () => {
    const guard = new RequestGuard(loaded().server);
    const objects = guardedApi(KubernetesObjectApi, guard);
    const before = fake.writes().length;
    await expect(
      objects.patch(
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'payments' } },
        undefined,
        undefined,
        'trustladder',
        true,
        'application/apply-patch+yaml',
      ),
    ).rejects.toMatchObject({ code: 'WRITE_REFUSED' });
    expect(fake.writes().length).toBe(before);
  });

  test('a guarded Watch refuses a connect-like path through done(), never opening it', async () => {
    const l = loaded();
    const guard = new RequestGuard(l.server);
    const watch = new GuardedWatch(l.kubeConfig, guard);
    const before = fake.requests.length;
    const err = await new Promise<unknown>((resolve) => {
      void watch.watch('/api/v1/namespaces/payments/pods/api-0/exec', {}, () => {}, resolve);
    });
    expect(err).toMatchObject({ code: 'CONNECT_REFUSED' });
    expect(fake.requests.length).toBe(before);
  });
});
