#!/usr/bin/env node
// Serves cluster.json as a Kubernetes API server on http://127.0.0.1:16443, for trying
// `trustladder observe` without a cluster (none can run here). It is the loopback fake the
// observer's tests use: discovery, lists, watches that stay open, the SelfSubjectRulesReview,
// and a record of every request, printed when it stops (only GETs and one POST per run).
//
//   node examples/observer/fake-cluster.mjs [--changes]
//
// --changes applies a few changes, one every 3 seconds, for `trustladder observe --watch`.
// Needs `pnpm run build` first (it imports the built packages). Ctrl-C stops.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAttestorPolicy } from '../../packages/core/dist/index.js';
import { expectedPolicies } from '../../packages/k8s/dist/index.js';
import {
  deployment,
  FakeApiServer,
  loadExampleCluster,
  pinned,
} from '../../packages/k8s/dist/testing/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const port = Number(process.env.PORT ?? 16443);
const cluster = JSON.parse(readFileSync(join(here, 'cluster.json'), 'utf8'));
const attestors = loadAttestorPolicy(readFileSync(join(root, 'policies/attestors.yaml'), 'utf8'), {
  source: 'policies/attestors.yaml',
});

const fake = await FakeApiServer.start({ port });
loadExampleCluster(fake, cluster, expectedPolicies(attestors));
console.log(`fake API server on ${fake.url} (kubeconfig: examples/observer/kubeconfig.yaml); Ctrl-C stops`);

// The cart team pins envoy: the Deployment's template changes, and its rollout replaces the
// old ReplicaSet and pod with new ones.
const [cartDeployment] = cluster.objects.deployments.filter((d) => d.metadata.name === 'cart');
const pinnedCart = {
  containers: [
    { name: 'cart', image: pinned('cart:3.8.0') },
    { name: 'envoy', image: pinned('envoy:v1.31.2') },
  ],
};
const rollOutPinnedCart = () => {
  fake.put('deployments', {
    ...cartDeployment,
    spec: { ...cartDeployment.spec, template: { ...cartDeployment.spec.template, spec: pinnedCart } },
  });
  const owner = (kind, name) => [{ apiVersion: 'apps/v1', kind, name, uid: `uid-${name}`, controller: true }];
  fake.put('replicasets', {
    metadata: { name: 'cart-7c2e91', namespace: 'checkout', ownerReferences: owner('Deployment', 'cart') },
    spec: {
      replicas: 3,
      selector: cartDeployment.spec.selector,
      template: { ...cartDeployment.spec.template, spec: pinnedCart },
    },
  });
  fake.put('pods', {
    metadata: {
      name: 'cart-7c2e91-q8m4t',
      namespace: 'checkout',
      ownerReferences: owner('ReplicaSet', 'cart-7c2e91'),
    },
    spec: pinnedCart,
  });
  fake.remove('pods', 'cart-5b8d4f-2hd8s', 'checkout');
  fake.remove('replicasets', 'cart-5b8d4f', 'checkout');
};

const changes = [
  ['the cart team pins envoy by digest and rolls out', rollOutPinnedCart],
  [
    'someone deploys an unpinned canary to payments',
    () =>
      fake.put(
        'deployments',
        deployment('payments', 'ledger-api-canary', { containers: ['acme/ledger-api:canary'] }),
      ),
  ],
  ['the canary is removed', () => fake.remove('deployments', 'ledger-api-canary', 'payments')],
  ['all watch streams drop (an API server restart); the observer reconnects', () => fake.dropWatches()],
];
if (process.argv.includes('--changes')) {
  let next = 0;
  const timer = setInterval(() => {
    const change = changes[next++];
    if (!change) return clearInterval(timer);
    console.log(`change: ${change[0]}`);
    change[1]();
  }, 3000);
}

process.once('SIGINT', async () => {
  const counts = {};
  for (const r of fake.requests) counts[r.method] = (counts[r.method] ?? 0) + 1;
  console.log(`\nrequests received: ${JSON.stringify(counts)}; writes: ${fake.writes().length}`);
  await fake.close();
  process.exit(0);
});
