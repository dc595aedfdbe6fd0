import type { KubernetesObject } from '@kubernetes/client-node';
import type { PolicyKind, WorkloadKind } from './resources.js';

/**
 * What the observer knows of one collection.
 * - synced: listed (and, when watching, the watch is current);
 * - not-served: the API server does not serve it (404), e.g. Kyverno is not installed;
 * - error: the last list or watch failed; `objects` are the last known ones, possibly stale;
 * - pending: not listed yet.
 */
export type SourceState =
  | { readonly state: 'synced'; readonly objects: readonly KubernetesObject[] }
  | { readonly state: 'not-served' }
  | { readonly state: 'error'; readonly problem: string; readonly objects: readonly KubernetesObject[] }
  | { readonly state: 'pending' };

/** One consistent-enough view of the cluster: a set of lists, or the informers' caches. */
export interface ClusterSnapshot {
  readonly namespaces: SourceState;
  readonly workloads: ReadonlyMap<WorkloadKind, SourceState>;
  readonly policies: ReadonlyMap<PolicyKind, SourceState>;
}

/** The objects a source holds, known or last known; none when not served or pending. */
export function objectsOf(source: SourceState | undefined): readonly KubernetesObject[] {
  if (source === undefined) return [];
  return source.state === 'synced' || source.state === 'error' ? source.objects : [];
}
