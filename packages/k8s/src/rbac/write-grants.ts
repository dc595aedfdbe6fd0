import type { V1ResourceRule, V1SubjectRulesReviewStatus } from '@kubernetes/client-node';

/** The workload resources the observer must never be able to write. */
export const WORKLOAD_RESOURCE_NAMES: ReadonlySet<string> = new Set([
  'pods',
  'deployments',
  'statefulsets',
  'daemonsets',
  'replicasets',
  'replicationcontrollers',
  'jobs',
  'cronjobs',
]);

// Resources whose write hands out more rights: whoever can write a role or binding can grant
// itself a workload write, and a token for another service account acts as that account.
const ESCALATION_RESOURCES: ReadonlySet<string> = new Set([
  'roles',
  'rolebindings',
  'clusterroles',
  'clusterrolebindings',
  'serviceaccounts',
]);
const READ_VERBS: ReadonlySet<string> = new Set(['get', 'list', 'watch']);

export type GrantReason =
  /** a verb other than get, list, watch on a workload resource (or on `*`) */
  | 'workload-write'
  /** impersonate, escalate, bind, or a write on RBAC objects or service accounts */
  | 'escalation';

export interface WriteGrant {
  readonly reason: GrantReason;
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames: readonly string[];
}

// The rules of a SelfSubjectRulesReview that let the observer change workloads, directly or
// by granting itself more. Judged fail closed: any verb that is not get/list/watch is a write
// (custom verbs and `*` included); API groups are not trusted to narrow a rule (a rule on
// `deployments` in any group counts); a subresource counts as its resource (pods/exec,
// deployments/scale); resourceNames do not make a write safe.
export function writeGrants(status: V1SubjectRulesReviewStatus): WriteGrant[] {
  const grants: WriteGrant[] = [];
  for (const rule of status.resourceRules ?? []) {
    const reason = grantReason(rule);
    if (reason === null) continue;
    grants.push({
      reason,
      apiGroups: [...(rule.apiGroups ?? [])],
      resources: [...(rule.resources ?? [])],
      verbs: [...rule.verbs],
      resourceNames: [...(rule.resourceNames ?? [])],
    });
  }
  return grants;
}

function grantReason(rule: V1ResourceRule): GrantReason | null {
  const verbs = rule.verbs.map((v) => v.toLowerCase());
  const writes = verbs.filter((v) => !READ_VERBS.has(v));
  if (writes.length === 0) return null;
  const bases = (rule.resources ?? []).map((r) => r.toLowerCase().split('/')[0] ?? '');
  if (bases.some((b) => b === '*' || WORKLOAD_RESOURCE_NAMES.has(b))) return 'workload-write';
  if (writes.some((v) => v === 'impersonate' || v === 'escalate' || v === 'bind')) return 'escalation';
  if (bases.some((b) => ESCALATION_RESOURCES.has(b))) return 'escalation';
  return null;
}
