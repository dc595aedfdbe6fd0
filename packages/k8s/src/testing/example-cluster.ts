import type { ExpectedPolicy } from '../drift/policy-drift.js';
import type { CollectionName, FakeApiServer, FakeObject } from './fake-api-server.js';

/**
 * A cluster described as data (examples/observer/cluster.json): objects per collection, and
 * which generated policies are installed as generated, left out, or changed in place.
 */
export interface ExampleCluster {
  readonly objects: Partial<Record<CollectionName, readonly FakeObject[]>>;
  readonly generatedPolicies?: {
    /** Names of generated policies that are not installed. */
    readonly omit?: readonly string[];
    /** Per policy name, JSON pointer -> value: fields someone changed in the cluster. */
    readonly override?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  };
}

// Loads an example cluster into a fake API server: its objects, then the generated policies
// with the example's omissions and overrides applied.
export function loadExampleCluster(
  fake: FakeApiServer,
  cluster: ExampleCluster,
  expected: readonly ExpectedPolicy[],
): void {
  for (const [plural, objects] of Object.entries(cluster.objects) as Array<[CollectionName, FakeObject[]]>) {
    for (const o of objects) fake.put(plural, o);
  }
  const omit = new Set(cluster.generatedPolicies?.omit ?? []);
  for (const p of expected) {
    if (omit.has(p.metadata.name)) continue;
    const installed = JSON.parse(JSON.stringify({ metadata: p.metadata, spec: p.spec })) as Record<
      string,
      unknown
    >;
    for (const [pointer, value] of Object.entries(
      cluster.generatedPolicies?.override?.[p.metadata.name] ?? {},
    )) {
      setPointer(installed, pointer, value);
    }
    fake.put(
      p.kind === 'ImageValidatingPolicy' ? 'imagevalidatingpolicies' : 'validatingpolicies',
      installed as FakeObject,
    );
  }
}

function setPointer(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const tokens = pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = tokens.pop();
  if (last === undefined) throw new Error(`bad pointer ${pointer}`);
  let node: Record<string, unknown> = target;
  for (const t of tokens) {
    const next = node[t];
    if (next === null || typeof next !== 'object') throw new Error(`no ${t} in ${pointer}`);
    node = next as Record<string, unknown>;
  }
  node[last] = value;
}
