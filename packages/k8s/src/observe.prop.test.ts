import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { expectedPolicies } from './drift/expected-policies.js';
import { observeOnce } from './observe.js';
import type { ObserverReport } from './report/observer-report.types.js';
import { cronJob, deployment, installPolicies, namespace, pinned, pod } from './testing/cluster-fixtures.js';
import { type CollectionName, FakeApiServer, type FakeObject } from './testing/fake-api-server.js';
import { clientFor, defaultAttestors } from './testing/observer-harness.js';
import { startWatch } from './testing/watch-harness.js';

// Each run starts a fake API server and a watching observer, so runs cost tens of
// milliseconds, not microseconds: the count is TRUSTLADDER_PROP_RUNS / 20 (50 by default; a
// nightly run with TRUSTLADDER_PROP_RUNS=20000 makes 1000).
const runs = Math.max(10, Math.round(Number(process.env.TRUSTLADDER_PROP_RUNS ?? 1000) / 20));

const attestors = defaultAttestors();
const expected = expectedPolicies(attestors);
const NAMESPACES = ['payments', 'checkout', 'docs', 'legacy'] as const;
const LABELS = ['t0', 't1', 't2', 't3', 'T3', 'high', undefined] as const;
const IMAGES = [pinned('api'), pinned('worker'), 'acme/api:1.2', 'busybox', ''] as const;
const COLLECTIONS: readonly CollectionName[] = [
  'namespaces',
  'pods',
  'deployments',
  'cronjobs',
  'validatingpolicies',
];

type Op =
  | { op: 'label'; ns: string; label: string | undefined }
  | {
      op: 'workload';
      kind: 'deployments' | 'pods' | 'cronjobs';
      ns: string;
      name: string;
      images: string[];
      init: string[];
      debug: string[];
    }
  | { op: 'delete'; kind: 'deployments' | 'pods' | 'cronjobs'; ns: string; name: string }
  | { op: 'tamper'; policy: number }
  | { op: 'restore' }
  | { op: 'drop' }
  | { op: 'expire' }
  | { op: 'fail'; collection: CollectionName }
  | { op: 'report' };

const ns = fc.constantFrom(...NAMESPACES);
const kind = fc.constantFrom('deployments', 'pods', 'cronjobs') as fc.Arbitrary<
  'deployments' | 'pods' | 'cronjobs'
>;
const name = fc.constantFrom('api', 'worker', 'batch');
const images = (min: number) => fc.array(fc.constantFrom(...IMAGES), { minLength: min, maxLength: 2 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('label' as const), ns, label: fc.constantFrom(...LABELS) }),
  fc.record({
    op: fc.constant('workload' as const),
    kind,
    ns,
    name,
    images: images(1),
    init: images(0),
    debug: images(0),
  }),
  fc.record({ op: fc.constant('delete' as const), kind, ns, name }),
  fc.record({ op: fc.constant('tamper' as const), policy: fc.nat({ max: expected.length - 1 }) }),
  fc.constant({ op: 'restore' as const }),
  fc.constant({ op: 'drop' as const }),
  fc.constant({ op: 'expire' as const }),
  fc.record({ op: fc.constant('fail' as const), collection: fc.constantFrom(...COLLECTIONS) }),
  fc.constant({ op: 'report' as const }),
);

function apply(fake: FakeApiServer, o: Op): void {
  switch (o.op) {
    case 'label':
      fake.put('namespaces', namespace(o.ns, o.label));
      return;
    case 'workload': {
      const imgs = { containers: o.images, init: o.init, ephemeral: o.debug };
      const obj: FakeObject =
        o.kind === 'deployments'
          ? deployment(o.ns, o.name, imgs)
          : o.kind === 'cronjobs'
            ? cronJob(o.ns, o.name, imgs)
            : pod(o.ns, o.name, imgs);
      fake.put(o.kind, obj);
      return;
    }
    case 'delete':
      fake.remove(o.kind, o.name, o.ns);
      return;
    case 'tamper': {
      const p = expected[o.policy];
      if (!p) return;
      const spec = {
        ...(JSON.parse(JSON.stringify(p.spec)) as Record<string, unknown>),
        failurePolicy: 'Ignore',
      };
      const plural = p.kind === 'ImageValidatingPolicy' ? 'imagevalidatingpolicies' : 'validatingpolicies';
      fake.put(plural, { metadata: JSON.parse(JSON.stringify(p.metadata)), spec });
      return;
    }
    case 'restore':
      installPolicies(fake, expected);
      return;
    case 'drop':
      fake.dropWatches();
      return;
    case 'expire':
      fake.expireWatches();
      return;
    case 'fail':
      fake.failNext(o.collection, 500, 1);
      return;
    case 'report':
      return;
  }
}

const comparable = (r: ObserverReport) => JSON.stringify({ ...r, at: '' });

describe('the observer (property)', () => {
  // Whatever happens in the cluster and on the wire (objects change, namespaces are
  // relabelled, policies are tampered with, watches drop or expire, lists fail) and whenever
  // one-shot reports are taken meanwhile, the only request that is not a GET is one rules
  // review per observer run, the guard never has to refuse anything, and the watching
  // observer's report converges to what a fresh one-shot report says.
  test('never issues a write, and watch mode converges to the one-shot report', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const fake = await FakeApiServer.start();
        let observers = 1;
        const clients: Array<ReturnType<typeof clientFor>> = [];
        const once = async () => {
          observers += 1;
          const c = clientFor(fake);
          clients.push(c);
          return observeOnce({ client: c.client, attestors });
        };
        try {
          fake.put('namespaces', namespace('payments', 't3'));
          installPolicies(fake, expected);
          const w = await startWatch(fake, attestors, { settleMs: 5 });
          for (const o of ops) {
            apply(fake, o);
            if (o.op === 'report') await once().catch(() => undefined);
          }
          // Converge: the watch's latest report equals a one-shot report of the same cluster.
          const deadline = Date.now() + 15_000;
          let converged = false;
          while (!converged && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 30));
            const fresh = await once().catch(() => undefined);
            const latest = w.reports.at(-1);
            converged =
              fresh !== undefined && latest !== undefined && comparable(fresh) === comparable(latest);
          }
          await w.stop();
          expect(converged).toBe(true);
          expect(fake.writes()).toEqual([]);
          expect(fake.reviews()).toHaveLength(observers);
          for (const c of clients) expect(c.client.guardCounts.refused).toBe(0);
        } finally {
          await fake.close();
        }
      }),
      { numRuns: runs, seed: 6060 },
    );
  }, 120_000);
});
