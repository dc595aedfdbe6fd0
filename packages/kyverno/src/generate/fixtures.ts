import { createHash } from 'node:crypto';
import type { CompiledAttestorPolicy, TierRequirement } from '@trustladder/core';
import { BLAST_RADIUS_LABEL, LABEL_POLICY_NAME, READ_ONLY_POLICY_NAME, tierPolicyName } from './names.js';

// .kyverno-test fixtures: good and bad resources for every generated policy, with
// kyverno-test.yaml files for the Kyverno CLI and, beside them, trustladder-expectations.yaml:
// the signature table and the resources a policy must not match, for trustladder's admission
// simulator (which runs every fixture in CI, since the Kyverno CLI cannot run here).

/** One fixture file: its path under .kyverno-test/, its YAML documents, a comment for readers. */
export interface FixtureFile {
  readonly path: string;
  readonly documents: readonly unknown[];
  readonly comment?: string;
}

export const FIXTURE_DIR = '.kyverno-test';
export const EXPECTATIONS_FILE = 'trustladder-expectations.yaml';
const CLI = 'cli.kyverno.io/v1alpha1';
const REGISTRY = 'registry.example.com/acme';
const TIER_NAMESPACE = (label: string) => `payments-${label}`;
const OUTSIDE_NAMESPACE = 'scratch';

const digestOf = (name: string) => `sha256:${createHash('sha256').update(name).digest('hex')}`;
const image = (name: string) => `${REGISTRY}/${name}@${digestOf(name)}`;

interface PodImages {
  readonly app: string;
  readonly init?: string;
  readonly debug?: string;
}

function pod(name: string, namespace: string, images: PodImages): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: {
      containers: [{ name: 'app', image: images.app }],
      ...(images.init ? { initContainers: [{ name: 'migrate', image: images.init }] } : {}),
      ...(images.debug
        ? { ephemeralContainers: [{ name: 'debug', image: images.debug, targetContainerName: 'app' }] }
        : {}),
    },
  };
}

function test(
  name: string,
  policy: string,
  results: ReadonlyArray<{
    resources: readonly string[];
    result: 'pass' | 'fail';
    kind: string;
    operation?: string;
  }>,
  extra: { oldResources?: boolean; userinfo?: boolean; values?: boolean; kindFlag: string },
): Record<string, unknown> {
  return {
    apiVersion: CLI,
    kind: 'Test',
    metadata: { name },
    policies: [`../../../${policy}.yaml`],
    resources: ['resources.yaml'],
    ...(extra.oldResources ? { oldResources: ['old-resources.yaml'] } : {}),
    ...(extra.values ? { variables: 'values.yaml' } : {}),
    ...(extra.userinfo ? { userinfo: 'userinfo.yaml' } : {}),
    results: results.map((r) => ({
      policy,
      [extra.kindFlag]: true,
      kind: r.kind,
      resources: [...r.resources],
      result: r.result,
      ...(r.operation ? { resourceOperation: r.operation } : {}),
    })),
  };
}

const userinfo = (username: string, groups: readonly string[]) => ({
  apiVersion: CLI,
  kind: 'UserInfo',
  metadata: { name: 'userinfo' },
  userInfo: { username, groups: [...groups] },
});

/** Fixtures of one tier's ImageValidatingPolicy. */
export function tierFixtures(tier: TierRequirement): FixtureFile[] {
  const policy = tierPolicyName(tier.tier);
  const ns = TIER_NAMESPACE(tier.namespaceLabel);
  const all = tier.require.map((a) => a.name);
  const types = [...new Set(tier.require.map((a) => a.predicateType))];
  const signatures: Record<string, Record<string, string[]>> = {};
  const sign = (ref: string, by: readonly string[]) => {
    signatures[ref] = Object.fromEntries(
      types.map((t) => [
        t,
        tier.require.filter((a) => a.predicateType === t && by.includes(a.name)).map((a) => a.name),
      ]),
    );
  };
  const signed = { app: image('payments-api'), init: image('payments-migrate'), debug: image('debug-tools') };
  for (const ref of Object.values(signed)) sign(ref, all);
  const pods: Record<string, unknown>[] = [pod('good-pod', ns, signed)];
  const bad: string[] = [];
  for (const missing of all) {
    const ref = image(`payments-api-without-${missing}`);
    sign(
      ref,
      all.filter((n) => n !== missing),
    );
    pods.push(pod(`bad-pod-missing-${missing}`, ns, { ...signed, app: ref }));
    bad.push(`bad-pod-missing-${missing}`);
  }
  pods.push(pod('bad-pod-unsigned-init-container', ns, { ...signed, init: image('unsigned-init') }));
  pods.push(pod('bad-pod-unsigned-ephemeral-container', ns, { ...signed, debug: image('unsigned-debug') }));
  const tagged = `${REGISTRY}/payments-api:1.4.2`;
  sign(tagged, all);
  pods.push(pod('bad-pod-image-by-tag', ns, { ...signed, app: tagged }));
  pods.push(pod('pod-outside-tier', OUTSIDE_NAMESPACE, { app: image('unsigned-scratch') }));
  bad.push('bad-pod-unsigned-init-container', 'bad-pod-unsigned-ephemeral-container', 'bad-pod-image-by-tag');
  const dir = `${policy}/admission`;
  return [
    {
      path: `${dir}/kyverno-test.yaml`,
      documents: [
        test(
          policy,
          policy,
          [
            { kind: 'Pod', resources: ['good-pod'], result: 'pass' },
            { kind: 'Pod', resources: bad, result: 'fail' },
          ],
          { values: true, kindFlag: 'isImageValidatingPolicy' },
        ),
      ],
    },
    { path: `${dir}/resources.yaml`, documents: pods },
    {
      path: `${dir}/values.yaml`,
      documents: [
        {
          apiVersion: CLI,
          kind: 'Value',
          metadata: { name: 'values' },
          namespaceSelector: [
            { name: ns, labels: { [BLAST_RADIUS_LABEL]: tier.namespaceLabel } },
            { name: OUTSIDE_NAMESPACE, labels: {} },
          ],
        },
      ],
    },
    {
      path: `${dir}/${EXPECTATIONS_FILE}`,
      comment:
        'For `trustladder kyverno test` (the Kyverno CLI ignores this file). The images in resources.yaml\n' +
        'exist in no registry: trustladder answers verifyAttestationSignatures from `signatures`\n' +
        '(image -> predicate type -> attestors whose attestation verifies); `notMatched` lists\n' +
        'resources the policy must not match. To run kyverno-test.yaml with the Kyverno CLI,\n' +
        'replace the digests with images your workflows signed.',
      documents: [
        {
          apiVersion: 'trustladder.dev/v1',
          kind: 'KyvernoTestExpectations',
          signatures,
          notMatched: [{ kind: 'Pod', name: 'pod-outside-tier' }],
        },
      ],
    },
  ];
}

const namespace = (name: string, label?: string, extra: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels: { ...(label === undefined ? {} : { [BLAST_RADIUS_LABEL]: label }), ...extra } },
});

/** Fixtures of the blast-radius label policy: creation, raising, lowering, removal, tier admins. */
export function labelFixtures(source: CompiledAttestorPolicy): FixtureFile[] {
  const policy = LABEL_POLICY_NAME;
  const developer = userinfo('alice@acme.example', ['system:authenticated', 'acme:developers']);
  const updateValues = {
    apiVersion: CLI,
    kind: 'Value',
    metadata: { name: 'values' },
    globalValues: { 'request.operation': 'UPDATE' },
  };
  const old = [
    namespace('ns-raise', 't1'),
    namespace('ns-keep', 't3'),
    namespace('ns-lower', 't3'),
    namespace('ns-remove', 't3'),
    namespace('ns-invalid', 't2'),
  ];
  const files: FixtureFile[] = [
    {
      path: `${policy}/create/kyverno-test.yaml`,
      documents: [
        test(
          policy,
          policy,
          [
            { kind: 'Namespace', resources: ['ns-create-t3', 'ns-create-unlabelled'], result: 'pass' },
            { kind: 'Namespace', resources: ['ns-create-invalid'], result: 'fail' },
          ],
          { userinfo: true, kindFlag: 'isValidatingPolicy' },
        ),
      ],
    },
    {
      path: `${policy}/create/resources.yaml`,
      documents: [
        namespace('ns-create-t3', 't3'),
        namespace('ns-create-unlabelled'),
        namespace('ns-create-invalid', 'T3'),
      ],
    },
    { path: `${policy}/create/userinfo.yaml`, documents: [developer] },
    {
      path: `${policy}/update/kyverno-test.yaml`,
      documents: [
        test(
          policy,
          policy,
          [
            { kind: 'Namespace', resources: ['ns-raise', 'ns-keep'], result: 'pass', operation: 'UPDATE' },
            {
              kind: 'Namespace',
              resources: ['ns-lower', 'ns-remove', 'ns-invalid'],
              result: 'fail',
              operation: 'UPDATE',
            },
          ],
          { userinfo: true, oldResources: true, values: true, kindFlag: 'isValidatingPolicy' },
        ),
      ],
    },
    {
      path: `${policy}/update/resources.yaml`,
      documents: [
        namespace('ns-raise', 't3'),
        namespace('ns-keep', 't3', { team: 'payments' }),
        namespace('ns-lower', 't1'),
        namespace('ns-remove'),
        namespace('ns-invalid', 'high'),
      ],
    },
    { path: `${policy}/update/old-resources.yaml`, documents: old },
    { path: `${policy}/update/userinfo.yaml`, documents: [developer] },
    { path: `${policy}/update/values.yaml`, documents: [updateValues] },
  ];
  const [admin] = source.kyverno.labelAdminGroups;
  if (admin !== undefined) {
    files.push(
      {
        path: `${policy}/tier-admin/kyverno-test.yaml`,
        documents: [
          test(
            policy,
            policy,
            [
              {
                kind: 'Namespace',
                resources: ['ns-lower', 'ns-remove'],
                result: 'pass',
                operation: 'UPDATE',
              },
            ],
            { userinfo: true, oldResources: true, values: true, kindFlag: 'isValidatingPolicy' },
          ),
        ],
      },
      {
        path: `${policy}/tier-admin/resources.yaml`,
        documents: [namespace('ns-lower', 't1'), namespace('ns-remove')],
      },
      {
        path: `${policy}/tier-admin/old-resources.yaml`,
        documents: [namespace('ns-lower', 't3'), namespace('ns-remove', 't3')],
      },
      {
        path: `${policy}/tier-admin/userinfo.yaml`,
        documents: [userinfo('bob@acme.example', ['system:authenticated', admin])],
      },
      { path: `${policy}/tier-admin/values.yaml`, documents: [updateValues] },
    );
  }
  return files;
}

/** Fixtures of the observer's read-only policy. */
export function readOnlyFixtures(source: CompiledAttestorPolicy): FixtureFile[] {
  const policy = READ_ONLY_POLICY_NAME;
  const resources = [
    pod('workload-pod', 'payments-t1', { app: image('payments-api') }),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'workload-deployment', namespace: 'payments-t1' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'payments-api' } },
        template: {
          metadata: { labels: { app: 'payments-api' } },
          spec: { containers: [{ name: 'app', image: image('payments-api') }] },
        },
      },
    },
  ];
  const scenario = (name: string, username: string, result: 'pass' | 'fail'): FixtureFile[] => [
    {
      path: `${policy}/${name}/kyverno-test.yaml`,
      documents: [
        test(
          policy,
          policy,
          [
            { kind: 'Pod', resources: ['workload-pod'], result },
            { kind: 'Deployment', resources: ['workload-deployment'], result },
          ],
          { userinfo: true, kindFlag: 'isValidatingPolicy' },
        ),
      ],
    },
    { path: `${policy}/${name}/resources.yaml`, documents: resources },
    {
      path: `${policy}/${name}/userinfo.yaml`,
      documents: [userinfo(username, ['system:serviceaccounts', 'system:authenticated'])],
    },
  ];
  return [
    ...scenario('observer', source.kyverno.observerServiceAccount, 'fail'),
    ...scenario('other-user', 'system:serviceaccount:payments:deployer', 'pass'),
  ];
}
