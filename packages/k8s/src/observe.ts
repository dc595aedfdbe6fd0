import type { CompiledAttestorPolicy } from '@trustladder/core';
import type { ReadOnlyClient } from './client/read-only-client.js';
import { ClusterWatcher } from './cluster/cluster-watcher.js';
import { discover } from './cluster/discover.js';
import { listSnapshot } from './cluster/list-snapshot.js';
import { NAMESPACES, policyResources, WORKLOAD_RESOURCES } from './cluster/resources.js';
import type { ClusterSnapshot } from './cluster/snapshot.types.js';
import { expectedPolicies } from './drift/expected-policies.js';
import type { ExpectedPolicy } from './drift/policy-drift.js';
import { type LadderView, tierLadderView } from './ladder/ladder-view.js';
import { type RbacReport, reviewRbac } from './rbac/rbac-report.js';
import { buildReport } from './report/build-report.js';
import type { ObserverReport } from './report/observer-report.types.js';

export interface ObserverOptions {
  readonly client: ReadOnlyClient;
  readonly attestors: CompiledAttestorPolicy;
  /** What the ladders say (default: the namespace's tier and what attestors.yaml requires of it). */
  readonly ladder?: LadderView;
  /** The namespace of the rules review (default: the client's context namespace). */
  readonly reviewNamespace?: string;
  readonly now?: () => Date;
}

export interface WatchObserverOptions extends ObserverOptions {
  /** Called with the first report and then with every report that differs from the last. */
  readonly onReport: (report: ObserverReport) => void;
  /** Stops the watch: informers are stopped and their watch requests aborted. */
  readonly signal: AbortSignal;
  /** Waits between reconnects and retries (tests make it short). */
  readonly delay?: (ms: number) => Promise<void>;
  /** Changes arriving within this many ms make one report (default 100). */
  readonly settleMs?: number;
}

interface Session {
  readonly rbac: RbacReport;
  readonly expected: readonly ExpectedPolicy[];
  report(snapshot: ClusterSnapshot): Promise<ObserverReport>;
}

// What both modes do first: discovery (so an unreachable server fails before anything else),
// then the one rules review, then the expected policies from the generator.
async function open(
  options: ObserverOptions,
): Promise<Session & { served: Awaited<ReturnType<typeof discover>> }> {
  const { client, attestors } = options;
  const policies = policyResources(attestors.kyverno.apiVersion);
  const served = await discover(client, [NAMESPACES, ...WORKLOAD_RESOURCES, ...policies]);
  const rbac = await reviewRbac(client, options.reviewNamespace ?? client.namespace);
  const expected = expectedPolicies(attestors);
  const ladder = options.ladder ?? tierLadderView(attestors);
  return {
    served,
    rbac,
    expected,
    report: (snapshot) =>
      buildReport({
        snapshot,
        cluster: { server: client.server, context: client.context },
        attestors,
        expected,
        rbac,
        ladder,
        ...(options.now ? { now: options.now() } : {}),
      }),
  };
}

/** One report from one list of every collection. Throws K8sError when the cluster cannot be read. */
export async function observeOnce(options: ObserverOptions): Promise<ObserverReport> {
  const session = await open(options);
  const snapshot = await listSnapshot(
    options.client,
    session.served,
    policyResources(options.attestors.kyverno.apiVersion),
  );
  return session.report(snapshot);
}

// Watch mode: informers keep a snapshot current and a report is rebuilt when something
// changes (after `settleMs` of quiet), reported only when it differs from the last one. Runs
// until `signal` aborts; returns the last report. Builds never overlap.
export async function watchObserver(options: WatchObserverOptions): Promise<ObserverReport> {
  const session = await open(options);
  const watcher = new ClusterWatcher(options.client, policyResources(options.attestors.kyverno.apiVersion), {
    ...(options.delay ? { delay: options.delay } : {}),
  });
  const settleMs = options.settleMs ?? 100;
  let last: ObserverReport | undefined;
  let lastKey = '';
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;
  // Changes during the first lists are folded into the first report.
  let started = false;

  const rebuild = () => {
    chain = chain.then(async () => {
      if (stopped) return;
      const report = await session.report(watcher.snapshot());
      const key = JSON.stringify({ ...report, at: '' });
      if (key === lastKey || stopped) return;
      last = report;
      lastKey = key;
      options.onReport(report);
    });
    return chain;
  };
  watcher.onChange(() => {
    if (stopped || !started) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void rebuild();
    }, settleMs);
  });

  const stop = new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve();
    else options.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.race([watcher.start(), stop]);
  started = true;
  if (!options.signal.aborted) await rebuild();
  await stop;
  stopped = true;
  if (timer) clearTimeout(timer);
  await watcher.stop();
  await chain;
  return last ?? (await session.report(watcher.snapshot()));
}
