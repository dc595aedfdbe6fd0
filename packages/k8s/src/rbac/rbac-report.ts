import type { ReadOnlyClient } from '../client/read-only-client.js';
import { isK8sError } from '../errors.js';
import { type WriteGrant, writeGrants } from './write-grants.js';

/**
 * What the observer's own RBAC allows, from its one SelfSubjectRulesReview.
 * - read-only: the review is complete and grants no write on workloads;
 * - writes-granted: some rule grants a write (or a way to one);
 * - unverified: the review failed or the server said it is incomplete (a webhook authorizer
 *   it cannot list, for instance), so read-only cannot be shown.
 */
export interface RbacReport {
  readonly state: 'read-only' | 'writes-granted' | 'unverified';
  /** The namespace reviewed; cluster-wide grants show in every namespace's review. */
  readonly namespace: string;
  readonly incomplete: boolean;
  readonly writeGrants: readonly WriteGrant[];
  readonly problem?: string;
}

// Makes the observer's one rules review and judges it. A failed review is reported as
// unverified, not thrown: the rest of the report is still worth having, and the finding
// says RBAC could not be checked.
export async function reviewRbac(client: ReadOnlyClient, namespace: string): Promise<RbacReport> {
  try {
    const status = await client.reviewOwnRules(namespace);
    const grants = writeGrants(status);
    const incomplete = status.incomplete === true;
    const state = grants.length > 0 ? 'writes-granted' : incomplete ? 'unverified' : 'read-only';
    const problem = incomplete
      ? `the review is incomplete${status.evaluationError ? `: ${status.evaluationError}` : ''}`
      : undefined;
    return { state, namespace, incomplete, writeGrants: grants, ...(problem ? { problem } : {}) };
  } catch (e) {
    if (isK8sError(e) && e.code === 'UNREACHABLE') throw e;
    return {
      state: 'unverified',
      namespace,
      incomplete: true,
      writeGrants: [],
      problem: `the review failed: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
