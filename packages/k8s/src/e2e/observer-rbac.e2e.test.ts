import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ObserverReport } from '../report/observer-report.types.js';
import type { ControlPlane } from '../testing/control-plane/index.js';
import {
  APPLY,
  CLI,
  committedPolicyNames,
  deploymentObject,
  e2eBinaries,
  kubectlOk,
  namespaceManifest,
  rawRequest,
  serviceAccountToken,
  startE2eControlPlane,
  trustladder,
} from './e2e-environment.js';

// The observer against a real kube-apiserver, under the RBAC of deploy/observer/ and a token
// from the TokenRequest API: the real authorizer's rules review, the server's own 403, and a
// --watch that hears a namespace relabelled.

const binaries = e2eBinaries();
const OBSERVER = { namespace: 'trustladder-system', name: 'trustladder-observer' } as const;

describe.skipIf(binaries === undefined)('the observer on a real API server under its own RBAC', () => {
  const bin = binaries as NonNullable<typeof binaries>;
  let plane: ControlPlane;
  let observerToken: string;
  let observerKubeconfig: string;

  beforeAll(async () => {
    plane = await startE2eControlPlane(bin);
    await kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '-k', 'deploy/observer']);
    const namespaces = [
      namespaceManifest('payments', 't3'),
      namespaceManifest('docs', 't0'),
      namespaceManifest('scratch'),
    ].join('---\n');
    await kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '-f', '-'], namespaces);
    observerToken = await serviceAccountToken(bin, plane, OBSERVER.namespace, OBSERVER.name);
    observerKubeconfig = plane.writeKubeconfig('observer', observerToken, OBSERVER.namespace);
  });
  afterAll(async () => {
    await plane?.stop();
  });

  async function observe(kubeconfig: string): Promise<{ code: number; report: ObserverReport }> {
    const r = await trustladder(['observe', '--kubeconfig', kubeconfig, '--json']);
    expect(r.stderr).toBe('');
    return { code: r.code, report: JSON.parse(r.stdout) as ObserverReport };
  }

  test('with an admin token the real rules review grants writes on everything', async () => {
    const { code, report } = await observe(plane.adminKubeconfig);
    expect(code).toBe(1);
    expect(report.rbac.state).toBe('writes-granted');
    expect(report.rbac.writeGrants).toContainEqual(
      expect.objectContaining({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }),
    );
    expect(report.findings.map((f) => f.type)).toContain('rbac-writes');
  });

  test("with the observer's bound token the real rules review shows read-only", async () => {
    const { code, report } = await observe(observerKubeconfig);
    expect(report.rbac).toEqual({
      state: 'read-only',
      namespace: OBSERVER.namespace,
      incomplete: false,
      writeGrants: [],
    });
    expect(report.findings.map((f) => f.type)).not.toContain('rbac-writes');
    expect(report.findings.map((f) => f.type)).not.toContain('rbac-unverified');
    // Every collection the observer reads is readable with its RBAC.
    expect(report.sources.filter((s) => s.state === 'error')).toEqual([]);
    const tiers = Object.fromEntries(report.namespaces.map((n) => [n.name, n.tier]));
    expect(tiers).toMatchObject({
      payments: 'T3',
      docs: 'T0',
      scratch: 'unknown',
      'trustladder-system': 'T3',
    });
    // Kyverno is not installed: every generated policy is missing, which is a finding.
    expect(report.policies.served).toBe(false);
    expect(report.policies.drift.map((d) => d.name).sort()).toEqual(committedPolicyNames());
    expect(new Set(report.policies.drift.map((d) => d.change))).toEqual(new Set(['missing']));
    expect(code).toBe(1);
  });

  // Each write is one the observer would need to change what it guards. The admin's identical
  // request (a dry run) is accepted, so the 403 is the authorizer's and not a malformed request.
  const writes: ReadonlyArray<{ what: string; method: string; path: string; body?: unknown }> = [
    {
      what: 'create a pod',
      method: 'POST',
      path: '/api/v1/namespaces/payments/pods',
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'intruder' },
        spec: { containers: [{ name: 'c', image: 'registry.example/x:1' }] },
      },
    },
    {
      what: 'create a deployment',
      method: 'POST',
      path: '/apis/apps/v1/namespaces/payments/deployments',
      body: deploymentObject('intruder', 'registry.example/x:1'),
    },
    {
      what: 'lower a namespace label',
      method: 'PUT',
      path: '/api/v1/namespaces/payments',
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'payments', labels: { 'blast-radius': 't0' } },
      },
    },
    { what: 'delete a namespace', method: 'DELETE', path: '/api/v1/namespaces/docs' },
    {
      what: 'bind itself cluster-admin',
      method: 'POST',
      path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'observer-escalates' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'ServiceAccount', name: OBSERVER.name, namespace: OBSERVER.namespace }],
      },
    },
    {
      what: 'mint a service-account token',
      method: 'POST',
      path: `/api/v1/namespaces/${OBSERVER.namespace}/serviceaccounts/${OBSERVER.name}/token`,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} },
    },
  ];

  test.each(writes)("the server itself refuses the observer's token to $what (403)", async (write) => {
    const dryRun = `${write.path}${write.path.includes('?') ? '&' : '?'}dryRun=All`;
    const refused = await rawRequest(plane, observerToken, write.method, dryRun, write.body);
    expect(refused.status).toBe(403);
    const status = JSON.parse(refused.body) as { reason?: string; message?: string };
    expect(status.reason).toBe('Forbidden');
    expect(status.message).toContain(`system:serviceaccount:${OBSERVER.namespace}:${OBSERVER.name}`);
    const admitted = await rawRequest(plane, plane.adminToken, write.method, dryRun, write.body);
    expect(admitted.status, admitted.body).toBeLessThan(300);
  });

  test("the observer's token cannot read secrets either", async () => {
    const r = await rawRequest(plane, observerToken, 'GET', '/api/v1/secrets');
    expect(r.status).toBe(403);
  });

  test('--watch hears a namespace relabelled from t3 to t1 and reports it', async () => {
    await kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '-f', '-'], namespaceManifest('orders', 't3'));
    const child = spawn(
      process.execPath,
      [CLI, 'observe', '--kubeconfig', observerKubeconfig, '--json', '--watch'],
      {
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolveExit) =>
      child.once('exit', (code) => resolveExit(code)),
    );
    const reports: ObserverReport[] = [];
    const waiters: Array<() => void> = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      reports.push(JSON.parse(line) as ObserverReport);
      for (const w of waiters.splice(0)) w();
    });
    const ordersTier = (r: ObserverReport) => r.namespaces.find((n) => n.name === 'orders')?.tier;
    const until = async (holds: (r: ObserverReport) => boolean, what: string) => {
      const deadline = Date.now() + 30_000;
      while (!reports.some(holds)) {
        if (Date.now() > deadline) throw new Error(`no report where ${what}; stderr: ${stderr}`);
        await new Promise<void>((resolveWait) => {
          waiters.push(resolveWait);
          setTimeout(resolveWait, 500);
        });
      }
    };
    try {
      await until((r) => ordersTier(r) === 'T3', 'orders is T3');
      const before = reports.length;
      await kubectlOk(bin, plane.adminKubeconfig, [
        'label',
        'namespace',
        'orders',
        'blast-radius=t1',
        '--overwrite',
      ]);
      await until((r) => ordersTier(r) === 'T1', 'orders is T1');
      const relabelled = reports.slice(before).find((r) => ordersTier(r) === 'T1');
      expect(relabelled?.namespaces.find((n) => n.name === 'orders')).toMatchObject({
        label: 't1',
        tier: 'T1',
      });
      expect(relabelled?.rbac.state).toBe('read-only');
    } finally {
      child.kill('SIGTERM');
    }
    // A clean stop: the last report still has findings (the missing policies), so exit 1.
    expect(await exited).toBe(1);
    expect(stderr).toBe('');
  });
});
