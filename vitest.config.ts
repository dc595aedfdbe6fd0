import { configDefaults, defineConfig } from 'vitest/config';

// One vitest run for the whole workspace. Packages import each other through the
// "@trustladder/source" export condition, so tests run on TypeScript sources, never on a
// stale dist/.
export default defineConfig({
  resolve: { conditions: ['@trustladder/source'] },
  ssr: { resolve: { conditions: ['@trustladder/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // The end-to-end tests against a real control plane have their own run (vitest.e2e.config.ts).
    exclude: [...configDefaults.exclude, '**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One PostgreSQL server (on 127.0.0.1, as an unprivileged user) for every ledger test.
    globalSetup: ['packages/ledger/src/testing/postgres-global-setup.ts'],
  },
});
