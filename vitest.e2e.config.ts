import { defineConfig } from 'vitest/config';

// The end-to-end tests against a real etcd and kube-apiserver (scripts/test.d/60-controlplane-e2e.sh).
// Each file starts its own throwaway control plane; files run one after another, because the
// machines have two cores and a control plane with Kyverno needs most of one.
export default defineConfig({
  resolve: { conditions: ['@trustladder/source'] },
  ssr: { resolve: { conditions: ['@trustladder/source'] } },
  test: {
    include: ['packages/*/src/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
