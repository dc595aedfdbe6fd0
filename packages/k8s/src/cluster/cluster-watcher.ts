import type { KubernetesObject, ListWatch } from '@kubernetes/client-node';
import { networkProblem, type ReadOnlyClient } from '../client/read-only-client.js';
import {
  NAMESPACES,
  type PolicyKind,
  type ResourceSpec,
  WORKLOAD_RESOURCES,
  type WorkloadKind,
} from './resources.js';
import type { ClusterSnapshot, SourceState } from './snapshot.types.js';

export interface ClusterWatcherOptions {
  /** Waits between reconnects and retries (tests make it short). */
  readonly delay?: (ms: number) => Promise<void>;
  /** Longest wait between two retries of a failed collection, in ms (default 30 s). */
  readonly maxRetryMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

interface Source {
  readonly resource: ResourceSpec;
  readonly informer: ListWatch<KubernetesObject>;
  state: 'pending' | 'synced' | 'not-served' | 'error';
  problem: string;
  failures: number;
  retry: Promise<void> | undefined;
}

// Keeps a ClusterSnapshot current with one client-node informer (ListWatch) per collection.
// ListWatch reconnects by itself when a watch ends or times out, and relists on 410 Gone; on
// any other error it stops and calls its error callbacks, so this class restarts it with a
// capped exponential backoff. While a collection is failing its last known objects are kept
// and its state says so: a report built then is marked incomplete, never silently stale.
export class ClusterWatcher {
  readonly #sources: Source[];
  readonly #delay: (ms: number) => Promise<void>;
  readonly #maxRetryMs: number;
  readonly #listeners: Array<() => void> = [];
  #stopped = false;

  constructor(
    client: ReadOnlyClient,
    policyResources: readonly ResourceSpec<PolicyKind>[],
    options: ClusterWatcherOptions = {},
  ) {
    this.#delay = options.delay ?? sleep;
    this.#maxRetryMs = options.maxRetryMs ?? 30_000;
    const resources: ResourceSpec[] = [NAMESPACES, ...WORKLOAD_RESOURCES, ...policyResources];
    this.#sources = resources.map((resource) => {
      const informer = client.informer(resource.path, { delay: this.#delay });
      const source: Source = {
        resource,
        informer,
        state: 'pending',
        problem: '',
        failures: 0,
        retry: undefined,
      };
      informer.on('change', () => this.#changed());
      informer.on('error', (err) => this.#failed(source, err));
      return source;
    });
  }

  /** Calls `listener` after any object or collection state changes. */
  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  /** Starts every informer; resolves when each has made its first attempt (listed, or failed). */
  async start(): Promise<void> {
    await Promise.all(this.#sources.map((s) => this.#run(s)));
  }

  /** Stops every informer and abandons pending retries; the open watches are aborted. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#sources.map((s) => s.informer.stop()));
  }

  snapshot(): ClusterSnapshot {
    const byKind = new Map(this.#sources.map((s) => [s.resource.kind, s]));
    const state = (kind: string): SourceState => {
      const s = byKind.get(kind);
      if (!s) return { state: 'pending' };
      switch (s.state) {
        case 'pending':
          return { state: 'pending' };
        case 'not-served':
          return { state: 'not-served' };
        case 'synced':
          return { state: 'synced', objects: s.informer.list() };
        case 'error':
          return { state: 'error', problem: s.problem, objects: s.informer.list() };
      }
    };
    const workloads = new Map<WorkloadKind, SourceState>();
    const policies = new Map<PolicyKind, SourceState>();
    for (const s of this.#sources) {
      if (s.resource === NAMESPACES) continue;
      if ((WORKLOAD_RESOURCES as readonly ResourceSpec[]).includes(s.resource))
        workloads.set(s.resource.kind as WorkloadKind, state(s.resource.kind));
      else policies.set(s.resource.kind as PolicyKind, state(s.resource.kind));
    }
    return { namespaces: state(NAMESPACES.kind), workloads, policies };
  }

  // One attempt: start the informer (list, then watch). An error during it arrives through
  // the error callback, which has set the state and scheduled a retry.
  async #run(source: Source): Promise<void> {
    if (this.#stopped) return;
    const failuresBefore = source.failures;
    try {
      await source.informer.start();
    } catch (e) {
      this.#failed(source, e);
      return;
    }
    if (source.failures === failuresBefore && !this.#stopped) {
      source.failures = 0;
      this.#setState(source, 'synced', '');
    }
  }

  #failed(source: Source, err: unknown): void {
    if (this.#stopped) return;
    source.failures += 1;
    const status = statusOf(err);
    if (status === 404) this.#setState(source, 'not-served', '');
    else this.#setState(source, 'error', describe(err, status));
    if (source.retry !== undefined) return;
    const wait = Math.min(this.#maxRetryMs, 1000 * 2 ** Math.min(source.failures - 1, 15));
    source.retry = this.#delay(wait).then(async () => {
      source.retry = undefined;
      await this.#run(source);
    });
  }

  #setState(source: Source, state: Source['state'], problem: string): void {
    if (source.state === state && source.problem === problem) return;
    source.state = state;
    source.problem = problem;
    this.#changed();
  }

  #changed(): void {
    if (this.#stopped) return;
    for (const l of this.#listeners) l();
  }
}

function statusOf(err: unknown): number | undefined {
  const e = err as { status?: unknown; statusCode?: unknown; code?: unknown } | null;
  for (const v of [e?.status, e?.statusCode, e?.code]) if (typeof v === 'number') return v;
  return undefined;
}

function describe(err: unknown, status: number | undefined): string {
  if (status !== undefined) return `HTTP ${status}${err instanceof Error ? `: ${err.message}` : ''}`;
  return networkProblem(err);
}
