import { configDefaults, defineConfig } from 'vitest/config';

// One vitest run for the whole workspace. Packages import each other through the
// "@trustladder/source" export condition, so tests run on TypeScript sources, never on a
// stale dist/.
export default defineConfig({
  resolve: { conditions: ['@trustladder/source'] },
  ssr: { resolve: { conditions: ['@trustladder/source'] } },
  test: {
    // examples/*: users' own tests of their policies, as docs/ shows them (they run in CI too).
    include: ['packages/*/src/**/*.test.ts', 'scripts/**/*.test.ts', 'examples/**/*.test.ts'],
    // Every *.e2e.test.ts (real control plane, real Kyverno, signed images) runs in its own stage:
    // vitest.e2e.config.ts, scripts/test.d/60-controlplane-e2e.sh.
    exclude: [...configDefaults.exclude, '**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One PostgreSQL server (on 127.0.0.1, as an unprivileged user) for every ledger test.
    globalSetup: ['packages/ledger/src/testing/postgres-global-setup.ts'],
  },
});
