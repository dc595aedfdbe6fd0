import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ObserverReport } from '../report/observer-report.types.js';
import type { ControlPlane } from '../testing/control-plane/index.js';
import {
  APPLY,
  deploymentObject,
  e2eBinaries,
  installKyvernoCrds,
  kubectl,
  kubectlOk,
  namespaceManifest,
  rawRequest,
  serviceAccountToken,
  startE2eControlPlane,
  trustladder,
} from './e2e-environment.js';
import {
  e2eKyverno,
  type RunningKyverno,
  startKyverno,
  untilKyvernoDecides,
} from './kyverno-admission-controller.js';

// Kyverno's admission controller, built from the module its CLI comes from, run outside the
// cluster against a real API server, with the generated kyverno/ applied: every request below
// goes through the API server, which calls Kyverno's webhooks.

const binaries = e2eBinaries();
const kyvernoBinary = e2eKyverno(binaries);

const TIER_ADMIN = { name: 'tier-admin', groups: ['trustladder:tier-admins'] };
const DEVELOPER = { name: 'developer', groups: ['acme:developers'] };

// Both groups may edit namespaces (RBAC); only the policy tells them apart.
const NAMESPACE_EDITORS = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: e2e-namespace-editor }
rules:
  - { apiGroups: [""], resources: [namespaces], verbs: [get, list, watch, create, update, patch] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: e2e-namespace-editors }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: e2e-namespace-editor }
subjects:
  - { apiGroup: rbac.authorization.k8s.io, kind: Group, name: "trustladder:tier-admins" }
  - { apiGroup: rbac.authorization.k8s.io, kind: Group, name: "acme:developers" }
`;

const OBSERVER_MISTAKE = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: observer-mistake, namespace: default }
rules:
  - { apiGroups: [""], resources: [configmaps, pods], verbs: [create] }
  - { apiGroups: [apps], resources: [deployments], verbs: [create] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: observer-mistake, namespace: default }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: observer-mistake }
subjects:
  - { kind: ServiceAccount, name: trustladder-observer, namespace: trustladder-system }
`;

describe.skipIf(kyvernoBinary === undefined)(
  'Kyverno admitting and denying through a real API server',
  () => {
    const bin = binaries as NonNullable<typeof binaries>;
    let plane: ControlPlane;
    let kyverno: RunningKyverno;
    let developer: string;
    let tierAdmin: string;

    beforeAll(async () => {
      plane = await startE2eControlPlane(bin, [TIER_ADMIN, DEVELOPER]);
      await installKyvernoCrds(bin, plane);
      await kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '-k', 'kyverno']);
      await kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '-k', 'deploy/observer']);
      await kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '-f', '-'], NAMESPACE_EDITORS);
      developer = plane.writeKubeconfig(DEVELOPER.name, plane.tokens.get(DEVELOPER.name) ?? '');
      tierAdmin = plane.writeKubeconfig(TIER_ADMIN.name, plane.tokens.get(TIER_ADMIN.name) ?? '');
      kyverno = await startKyverno(bin, plane, kyvernoBinary as string);
      // Ready when the label policy denies a value that is no tier: only Kyverno does that.
      await untilKyvernoDecides(kyverno, async () => {
        const r = await kubectl(
          bin,
          plane.adminKubeconfig,
          [...APPLY, '--dry-run=server', '-f', '-'],
          namespaceManifest('readiness-probe', 'high'),
        );
        return r.code !== 0 && /denied the request/.test(r.stderr);
      });
    });
    afterAll(async () => {
      await kyverno?.stop();
      await plane?.stop();
    });

    const apply = (kubeconfig: string, manifest: string) =>
      kubectl(bin, kubeconfig, [...APPLY, '-f', '-'], manifest);
    const relabel = (kubeconfig: string, namespace: string, label: string) =>
      kubectl(bin, kubeconfig, ['label', 'namespace', namespace, label, '--overwrite']);
    const tierOf = async (namespace: string) =>
      (
        await kubectlOk(bin, plane.adminKubeconfig, [
          'get',
          'namespace',
          namespace,
          '-o',
          "jsonpath={.metadata.labels['blast-radius']}",
        ])
      ).trim();

    // The regression test of the namespace bug: on CREATE Kyverno 1.19 gives the policy an
    // empty oldObject, not null, and a policy that reads oldObject.metadata then fails closed
    // and refuses every new namespace.
    test.each([
      ['labelled t3', 'created-t3', 't3'],
      ['labelled t0', 'created-t0', 't0'],
      ['without a label', 'created-unlabelled', undefined],
    ] as const)('a namespace %s is created', async (_what, name, tier) => {
      const r = await apply(developer, namespaceManifest(name, tier));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(await tierOf(name)).toBe(tier ?? '');
    });

    test('a blast-radius value that is no tier is refused by the webhook', async () => {
      const r = await apply(developer, namespaceManifest('created-high', 'high'));
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/admission webhook .* denied the request/);
      expect(r.stderr).toContain('the blast-radius label must be one of t0, t1, t2, t3');
    });

    test('a developer may raise a namespace from t1 to t3', async () => {
      await kubectlOk(bin, developer, [...APPLY, '-f', '-'], namespaceManifest('raise-me', 't1'));
      const r = await relabel(developer, 'raise-me', 'blast-radius=t3');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(await tierOf('raise-me')).toBe('t3');
    });

    test.each([
      ['a developer', 'guarded-from-developer', () => developer],
      ['a cluster admin outside trustladder:tier-admins', 'guarded-from-admin', () => plane.adminKubeconfig],
    ])('%s may neither lower a t3 label nor remove it', async (_who, name, kubeconfig) => {
      await kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '-f', '-'], namespaceManifest(name, 't3'));
      for (const change of ['blast-radius=t1', 'blast-radius-']) {
        const r = await relabel(kubeconfig(), name, change);
        expect(r.code, change).not.toBe(0);
        expect(r.stderr).toMatch(/admission webhook .* denied the request/);
        expect(r.stderr).toContain('lowering or removing it needs trustladder:tier-admins');
      }
      expect(await tierOf(name)).toBe('t3');
    });

    test('a member of trustladder:tier-admins may lower it', async () => {
      await kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '-f', '-'], namespaceManifest('lowered', 't3'));
      const r = await relabel(tierAdmin, 'lowered', 'blast-radius=t1');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(await tierOf('lowered')).toBe('t1');
    });

    test('Kyverno refuses the observer a workload write even when RBAC grants it', async () => {
      // A mistaken Role and binding that let the observer write in one namespace. (No
      // controller-manager aggregates the built-in edit role here, so it is spelt out.)
      await kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '-f', '-'], OBSERVER_MISTAKE);
      const token = await serviceAccountToken(bin, plane, 'trustladder-system', 'trustladder-observer');
      const configMapBody = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'allowed-by-rbac' },
        data: { a: 'b' },
      };
      // RBAC now grants writes: a ConfigMap (no workload, no policy) goes through...
      const configMap = await rawRequest(
        plane,
        token,
        'POST',
        '/api/v1/namespaces/default/configmaps',
        configMapBody,
      );
      expect(configMap.status, configMap.body).toBe(201);
      // ...and a Deployment is refused by the webhook, not by RBAC.
      const deployment = await rawRequest(
        plane,
        token,
        'POST',
        '/apis/apps/v1/namespaces/default/deployments',
        deploymentObject('observer-writes', 'nginx:1.27'),
      );
      expect(deployment.status).toBe(400);
      expect(deployment.body).toMatch(/admission webhook .* denied the request/);
      expect(deployment.body).toContain('is read-only');
    });

    // Kyverno writes the status of the policies it loads; the observer compares what the
    // generator owns, so a running Kyverno is no drift.
    test('with Kyverno running the policies, the observer reports them present and undrifted', async () => {
      const token = await serviceAccountToken(bin, plane, 'trustladder-system', 'trustladder-observer');
      const kubeconfig = plane.writeKubeconfig('observer', token, 'trustladder-system');
      const r = await trustladder(['observe', '--kubeconfig', kubeconfig, '--json']);
      expect(r.stderr).toBe('');
      const report = JSON.parse(r.stdout) as ObserverReport;
      expect(report.policies.served).toBe(true);
      expect(report.policies.drift).toEqual([]);
      const status = await kubectlOk(bin, plane.adminKubeconfig, [
        'get',
        'validatingpolicies.policies.kyverno.io',
        'trustladder-blast-radius-label',
        '-o',
        'jsonpath={.status}',
      ]);
      // Kyverno did write a status: the comparison above really ignored it.
      expect(status.trim()).not.toBe('');
    });
  },
);
