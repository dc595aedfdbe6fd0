// The collections the observer reads. Each is listed and watched cluster-wide; nothing else
// is ever requested (besides discovery and the one rules review).

/** The kinds whose pod templates (or pods) the observer inspects for unpinned images. */
// Controllers before what they control, so a report lists a Deployment before its pods.
export const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'CronJob',
  'Job',
  'ReplicaSet',
  'ReplicationController',
  'Pod',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export const POLICY_KINDS = ['ImageValidatingPolicy', 'ValidatingPolicy'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export interface ResourceSpec<K extends string = string> {
  readonly kind: K;
  /** API group ("" for the core group). */
  readonly group: string;
  readonly version: string;
  /** The plural resource name, as RBAC and URLs spell it. */
  readonly plural: string;
  /** The cluster-wide collection path. */
  readonly path: string;
}

function resource<K extends string>(
  kind: K,
  group: string,
  version: string,
  plural: string,
): ResourceSpec<K> {
  const prefix = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  return { kind, group, version, plural, path: `${prefix}/${plural}` };
}

export const NAMESPACES: ResourceSpec<'Namespace'> = resource('Namespace', '', 'v1', 'namespaces');

export const WORKLOAD_RESOURCES: readonly ResourceSpec<WorkloadKind>[] = [
  resource('Deployment', 'apps', 'v1', 'deployments'),
  resource('StatefulSet', 'apps', 'v1', 'statefulsets'),
  resource('DaemonSet', 'apps', 'v1', 'daemonsets'),
  resource('CronJob', 'batch', 'v1', 'cronjobs'),
  resource('Job', 'batch', 'v1', 'jobs'),
  resource('ReplicaSet', 'apps', 'v1', 'replicasets'),
  resource('ReplicationController', '', 'v1', 'replicationcontrollers'),
  resource('Pod', '', 'v1', 'pods'),
];

/** The Kyverno collections, at the apiVersion attestors.yaml generates (policies.kyverno.io/v1). */
export function policyResources(apiVersion: string): readonly ResourceSpec<PolicyKind>[] {
  const [group = '', version = ''] = apiVersion.split('/');
  return [
    resource('ImageValidatingPolicy', group, version, 'imagevalidatingpolicies'),
    resource('ValidatingPolicy', group, version, 'validatingpolicies'),
  ];
}
