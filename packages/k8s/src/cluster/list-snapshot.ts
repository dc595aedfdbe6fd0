import type { ReadOnlyClient } from '../client/read-only-client.js';
import { isK8sError } from '../errors.js';
import type { Discovery } from './discover.js';
import {
  NAMESPACES,
  type PolicyKind,
  type ResourceSpec,
  WORKLOAD_RESOURCES,
  type WorkloadKind,
} from './resources.js';
import type { ClusterSnapshot, SourceState } from './snapshot.types.js';

// One-shot: lists every collection once. A collection the server does not serve (discovery
// says so, or the list answers 404) is not-served; any other failure is thrown, since a
// report without, say, the pods would look clean when it is only blind.
export async function listSnapshot(
  client: ReadOnlyClient,
  discovery: Discovery,
  policyResources: readonly ResourceSpec<PolicyKind>[],
): Promise<ClusterSnapshot> {
  const read = async (r: ResourceSpec): Promise<SourceState> => {
    if (!discovery.served(r)) return { state: 'not-served' };
    try {
      return { state: 'synced', objects: (await client.list(r.path)).items };
    } catch (e) {
      if (isK8sError(e) && e.status === 404) return { state: 'not-served' };
      throw e;
    }
  };
  const namespaces = await read(NAMESPACES);
  if (namespaces.state !== 'synced') {
    // Every Kubernetes API server serves namespaces; without them no tier can be known.
    return {
      namespaces: { state: 'error', problem: 'namespaces are not served', objects: [] },
      ...(await rest()),
    };
  }
  return { namespaces, ...(await rest()) };

  async function rest(): Promise<Omit<ClusterSnapshot, 'namespaces'>> {
    const workloads = new Map<WorkloadKind, SourceState>();
    for (const r of WORKLOAD_RESOURCES) workloads.set(r.kind, await read(r));
    const policies = new Map<PolicyKind, SourceState>();
    for (const r of policyResources) policies.set(r.kind, await read(r));
    return { workloads, policies };
  }
}
