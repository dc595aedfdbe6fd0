import type { ReadOnlyClient } from '../client/read-only-client.js';
import { K8sError } from '../errors.js';
import type { ResourceSpec } from './resources.js';

export interface Discovery {
  /** The group versions the server serves, e.g. "v1", "apps/v1", "policies.kyverno.io/v1". */
  readonly groupVersions: ReadonlySet<string>;
  /** Whether a resource is served (its group version is, and lists the plural). */
  served(resource: ResourceSpec): boolean;
}

interface ApiResourceList {
  readonly resources?: ReadonlyArray<{ readonly name?: unknown }>;
}

// Reads /api and /apis (and the resource lists of the group versions asked about): the first
// requests of a run, so an unreachable server or something that is not a Kubernetes API
// server is reported before anything else.
export async function discover(
  client: ReadOnlyClient,
  resources: readonly ResourceSpec[],
): Promise<Discovery> {
  const core = (await client.get('/api')) as { versions?: unknown };
  if (!Array.isArray(core?.versions) || !core.versions.includes('v1')) {
    throw new K8sError('INVALID_RESPONSE', 'GET /api: not a Kubernetes API server (no v1)', {
      server: client.server,
    });
  }
  const apis = (await client.get('/apis')) as {
    groups?: ReadonlyArray<{ versions?: ReadonlyArray<{ groupVersion?: unknown }> }>;
  };
  const groupVersions = new Set<string>(['v1']);
  for (const g of apis?.groups ?? []) {
    for (const v of g.versions ?? [])
      if (typeof v.groupVersion === 'string') groupVersions.add(v.groupVersion);
  }
  const plurals = new Map<string, ReadonlySet<string>>();
  const wanted = new Set(resources.map(groupVersionOf).filter((gv) => groupVersions.has(gv)));
  for (const gv of wanted) {
    const list = (await client.get(gv === 'v1' ? '/api/v1' : `/apis/${gv}`)) as ApiResourceList;
    plurals.set(
      gv,
      new Set((list?.resources ?? []).map((r) => r.name).filter((n): n is string => typeof n === 'string')),
    );
  }
  return {
    groupVersions,
    served: (r) => plurals.get(groupVersionOf(r))?.has(r.plural) ?? false,
  };
}

function groupVersionOf(r: ResourceSpec): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}
