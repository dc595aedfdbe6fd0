import type { KubernetesObject } from '@kubernetes/client-node';
import type { ReadOnlyClient } from '../client/read-only-client.js';
import { isK8sError, K8sError } from '../errors.js';

/** The PolicyReport collections (wgpolicyk8s.io/v1alpha2, Kyverno's reports): namespaced and cluster. */
export const POLICY_REPORT_RESOURCES = [
  { kind: 'PolicyReport', path: '/apis/wgpolicyk8s.io/v1alpha2/policyreports' },
  { kind: 'ClusterPolicyReport', path: '/apis/wgpolicyk8s.io/v1alpha2/clusterpolicyreports' },
] as const;

export interface PolicyReportsOptions {
  /** Reports per page (the list's `limit`; default 500). */
  readonly pageSize?: number;
}

/**
 * Every PolicyReport (all namespaces) and ClusterPolicyReport in the cluster, read through the
 * read-only client in pages, each with its apiVersion and kind. Served by Kyverno's CRDs: a
 * collection the server does not serve (404) is an error, never "no admissions", since an
 * audit that reads nothing would look clean when it is only blind. So is a 403: the observer's
 * RBAC (deploy/observer) grants get and list on both.
 */
export async function readPolicyReports(
  client: ReadOnlyClient,
  options: PolicyReportsOptions = {},
): Promise<KubernetesObject[]> {
  const limit = options.pageSize ?? 500;
  const reports: KubernetesObject[] = [];
  for (const r of POLICY_REPORT_RESOURCES) {
    try {
      const list = await client.listAll(r.path, { limit });
      // A list's items may omit apiVersion and kind; the admissions reader wants them.
      for (const item of list.items)
        reports.push({ apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: r.kind, ...item });
    } catch (e) {
      if (isK8sError(e) && e.status === 404)
        throw new K8sError(
          'API_ERROR',
          `${r.kind}s are not served (${r.path}): install Kyverno's reports CRDs, or pass --admissions FILE`,
          { server: client.server, status: 404, cause: e },
        );
      throw e;
    }
  }
  return reports;
}
