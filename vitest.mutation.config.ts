import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The tests Stryker runs against each mutant (stryker.config.mjs): the workspace's tests
// without the end-to-end ones (real Kyverno, cosign, the cluster observer) and the corpus,
// which take minutes per run and never reach the deciding code by another path than the unit
// tests do. Dropping a test can only lower a score, never raise it.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: ['**/node_modules/**', '**/*.e2e.test.ts', 'packages/k8s/**', 'packages/policy-corpus/**'],
    },
  }),
);
