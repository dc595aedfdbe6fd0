import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The tests Stryker runs against each mutant (stryker.config.mjs). scripts/mutation/run.mjs
// sets TRUSTLADDER_MUTATION_TESTS to the test globs of the mutated file's own package (comma
// separated): a deciding module must be pinned by the tests next to it, so a mutant that only
// the CLI's end-to-end tests notice counts as a survivor. It also keeps a file's dry run to its
// package's tests instead of nearly every test of the workspace. Without the variable: the
// workspace's tests without the end-to-end ones and the corpus.
const only = process.env.TRUSTLADDER_MUTATION_TESTS?.split(',').filter((glob) => glob !== '');
const merged = mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: ['**/node_modules/**', '**/*.e2e.test.ts', 'packages/k8s/**', 'packages/policy-corpus/**'],
    },
  }),
);
if (only !== undefined && only.length > 0) {
  // Replaced, not merged: mergeConfig would append to the base's globs.
  merged.test = {
    ...merged.test,
    include: only,
    // PostgreSQL only for the ledger's tests (its files start their own server without it).
    globalSetup: only.some((glob) => glob.startsWith('packages/ledger/')) ? merged.test?.globalSetup : [],
  };
}
export default merged;
