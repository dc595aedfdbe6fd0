import type { CompiledAttestorPolicy } from '@trustladder/core';
import type { Operation, ResourceRule, ValidatingPolicy } from '../kyverno.types.js';
import { MANAGED_BY, policyAnnotations } from './annotations.js';
import { celString } from './cel.js';
import { READ_ONLY_POLICY_NAME } from './names.js';

/** The workload resources (and all their subresources: scale, eviction, exec, ...) the observer may not write. */
export const WORKLOAD_RESOURCES: ReadonlyArray<{ group: string; resources: readonly string[] }> = [
  { group: '', resources: ['pods', 'replicationcontrollers'] },
  { group: 'apps', resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'] },
  { group: 'batch', resources: ['jobs', 'cronjobs'] },
];
const WRITES: readonly Operation[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

// The read-only invariant of the observer (seeds/000: the operator never writes workload
// resources), enforced by the cluster rather than by the observer's own code or RBAC alone.
// CONNECT is included: exec and attach change a running pod as surely as an update does.
export function buildReadOnlyPolicy(source: CompiledAttestorPolicy): ValidatingPolicy {
  const user = source.kyverno.observerServiceAccount;
  const rules: ResourceRule[] = WORKLOAD_RESOURCES.map(({ group, resources }) => ({
    apiGroups: [group],
    apiVersions: ['*'],
    operations: [...WRITES],
    resources: resources.flatMap((r) => [r, `${r}/*`]),
  }));
  return {
    apiVersion: 'policies.kyverno.io/v1',
    kind: 'ValidatingPolicy',
    metadata: {
      name: READ_ONLY_POLICY_NAME,
      labels: { ...MANAGED_BY },
      annotations: policyAnnotations(source, {
        title: 'The trustladder observer is read-only',
        category: 'Multi-Tenancy',
        severity: 'high',
        subject: 'Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController',
        description:
          `${user} observes the cluster to measure agents' track records. It may never create, update, ` +
          `delete or exec into workload resources, whatever RBAC grants it.`,
      }),
    },
    spec: {
      validationActions: ['Deny'],
      failurePolicy: 'Fail',
      evaluation: { admission: { enabled: true }, background: { enabled: false } },
      matchConstraints: { resourceRules: rules },
      validations: [
        {
          expression: `request.userInfo.username != ${celString(user)}`,
          message: `${user} is read-only: it may not create, update, delete or exec into workload resources`,
          reason: 'Forbidden',
        },
      ],
    },
  };
}
