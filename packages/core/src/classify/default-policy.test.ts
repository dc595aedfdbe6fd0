import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import type { Tier } from '../tier.js';
import { classify } from './classify.js';
import { loadBlastRadiusPolicy } from './compile-policy.js';

const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
const EXAMPLES = join(import.meta.dirname, '../../../../examples/changes');

const trueRules = (change: unknown) =>
  classify(policy, change)
    .matches.filter((m) => m.state === 'true')
    .map((m) => m.rule);

test('the embedded default policy is policies/blast-radius.yaml', () => {
  const onDisk = readFileSync(join(import.meta.dirname, '../../../../policies/blast-radius.yaml'), 'utf8');
  expect(DEFAULT_POLICY_TEXTS['blast-radius']).toBe(onDisk);
});

// The shipped examples (examples/changes), each with the verdict the docs promise.
const expected: Record<string, [Tier, string[], { defaulted?: boolean; ambiguous?: boolean }?]> = {
  '01-docs-typo.json': ['T0', ['t0-docs-and-tests']],
  '02-new-unit-tests.json': ['T0', ['t0-docs-and-tests']],
  '03-button-style.json': ['T1', ['t1-ui-change']],
  '04-covered-refactor.json': ['T1', ['t1-covered-refactor', 't1-guarded-service']],
  '05-allowlisted-dependency.json': [
    'T1',
    ['t1-allowlisted-dependency', 't1-covered-refactor', 't1-guarded-service'],
  ],
  '06-unvetted-dependency.json': [
    'T2',
    ['t2-dependency-not-allowlisted', 't2-dependency-low-score', 't1-guarded-service'],
  ],
  '07-two-repos.json': ['T2', ['t2-multi-repo', 't1-guarded-service']],
  '08-new-event-type.json': ['T2', ['t2-event-schema']],
  '09-new-public-endpoint.json': ['T2', ['t2-new-public-api']],
  '10-agent-prompt.json': ['T2', ['t2-agent-prompts']],
  '11-trust-policy-change.json': ['T2', ['t2-trust-policy']],
  '12-drop-column.json': ['T3', ['t3-destructive-ddl']],
  '13-migration-without-patch.json': ['T3', [], { defaulted: true, ambiguous: true }],
  '14-session-handling.json': ['T3', ['t3-auth', 't1-covered-refactor', 't1-guarded-service']],
  '15-payment-capture.json': ['T3', ['t3-payments', 't1-guarded-service']],
  '16-secret-rotation.json': ['T3', ['t3-secrets']],
  '17-cluster-rbac.json': ['T3', ['t3-cluster-rbac']],
  '18-kyverno-policy.json': ['T3', ['t3-kyverno-policies']],
  '19-release-workflow.json': ['T3', ['t3-attestation-chain']],
  '20-large-backfill.json': ['T3', ['t3-production-data-migration']],
  '21-rename-into-docs.json': ['T0', ['t0-docs-and-tests']],
};

describe('examples/changes', () => {
  test('every example has an expected verdict', () => {
    expect(
      readdirSync(EXAMPLES)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(Object.keys(expected).sort());
  });

  test.each(Object.entries(expected))('%s is %s', (file, [tier, rules, flags]) => {
    const change = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
    const c = classify(policy, change);
    expect(c.tier).toBe(tier);
    expect(trueRules(change).sort()).toEqual([...rules].sort());
    expect(c.defaulted).toBe(flags?.defaulted ?? false);
    expect(c.ambiguous).toBe(flags?.ambiguous ?? false);
  });
});

const f = (path: string, patch?: string, status = 'modified') =>
  patch === undefined ? { path, status } : { path, status, patch: `@@ -0,0 +1 @@\n+${patch}\n` };

// Every rule: a realistic change it catches, and a near miss it must not catch.
const rules: Array<[string, unknown, unknown]> = [
  [
    't3-destructive-ddl',
    { files: [f('db/migrations/9_x.sql', 'TRUNCATE audit_log;')] },
    { files: [f('db/migrations/9_x.sql', 'CREATE INDEX i ON t(c);')] },
  ],
  [
    't3-destructive-ddl',
    { files: [f('migrations/9.sql', 'ALTER TABLE users ALTER COLUMN email TYPE text;')] },
    { files: [f('migrations/9.sql', 'ALTER TABLE users ADD COLUMN nick text;')] },
  ],
  ['t3-auth', { files: [f('services/api/src/Auth/TokenService.cs')] }, { files: [f('src/author/list.ts')] }],
  ['t3-auth', { files: [f('pkg/oidc/provider.go')] }, { files: [f('docs/auth/overview.md')] }],
  ['t3-payments', { files: [f('src/billing/invoice.ts')] }, { files: [f('src/catalog/item.ts')] }],
  ['t3-secrets', { files: [f('ops/sealed-secrets/db.yaml')] }, { files: [f('ops/config/db.yaml')] }],
  [
    't3-cluster-rbac',
    { files: [f('deploy/rbac.yaml', 'kind: ClusterRole')] },
    { files: [f('deploy/rbac.yaml', 'kind: Role')] },
  ],
  [
    't3-kyverno-policies',
    { files: [f('platform/policies/require-labels.yaml', 'apiVersion: kyverno.io/v1')] },
    { files: [f('platform/policies/limits.yaml', 'apiVersion: v1')] },
  ],
  [
    't3-attestation-chain',
    { files: [f('.github/workflows/build.yml', '    permissions: { id-token: write }')] },
    { files: [f('.github/workflows/lint.yml', '    runs-on: ubuntu-latest')] },
  ],
  ['t3-attestation-chain', { files: [f('policies/attestors.yaml')] }, { files: [f('policies/notes.txt')] }],
  [
    't3-production-data-migration',
    { files: [f('db/migrations/1.sql', 'UPDATE t SET x = 1;')], data: { rowsAffected: 1_000_001 } },
    { files: [f('db/migrations/1.sql', 'UPDATE t SET x = 1;')], data: { rowsAffected: 1_000_000 } },
  ],
  [
    't2-multi-repo',
    { files: [f('a.ts'), { ...f('b.ts'), repo: 'acme/b' }], repo: 'acme/a' },
    { files: [f('a.ts'), f('b.ts')], repo: 'acme/a' },
  ],
  ['t2-event-schema', { files: [f('proto/orders/v1/order.proto')] }, { files: [f('src/orders/order.ts')] }],
  [
    't2-new-public-api',
    { files: [f('src/api/v2/exports.ts', 'router.get()', 'added')] },
    { files: [f('src/api/v2/exports.ts', 'router.get()')] },
  ],
  [
    't2-new-public-api',
    { files: [f('src/x.ts')], labels: ['new-cli-command'] },
    { files: [f('src/x.ts')], labels: ['refactor'] },
  ],
  ['t2-agent-prompts', { files: [f('AGENTS.md')] }, { files: [f('AGENDA.md')] }],
  ['t2-shared-library', { files: [f('libs/money-format/src/index.ts')] }, { files: [f('libs/README.md')] }],
  [
    't2-new-feature-flag',
    { files: [f('config/flags/checkout-v2.yaml', 'enabled: false', 'added')] },
    { files: [f('config/flags/checkout-v2.yaml', 'enabled: true')] },
  ],
  [
    't2-dependency-not-allowlisted',
    { files: [], dependencies: [{ name: 'x', change: 'updated', allowlisted: false }] },
    { files: [], dependencies: [{ name: 'x', change: 'updated', allowlisted: true }] },
  ],
  [
    't2-dependency-low-score',
    { files: [], dependencies: [{ name: 'x', change: 'added', score: 0.69 }] },
    { files: [], dependencies: [{ name: 'x', change: 'added', score: 0.7 }] },
  ],
  ['t2-trust-policy', { files: [f('policies/trust-ladder.yaml')] }, { files: [f('src/policies.ts')] }],
  [
    't1-allowlisted-dependency',
    { files: [], dependencies: [{ name: 'x', change: 'added', allowlisted: true, score: 0.7 }] },
    { files: [], dependencies: [{ name: 'x', change: 'added', allowlisted: true, score: 0.5 }] },
  ],
  [
    't1-covered-refactor',
    { files: [f('src/a.ts')], coverage: { changedLines: 10, coveredLines: 8 } },
    { files: [f('src/a.ts')], coverage: { changedLines: 10, coveredLines: 7 } },
  ],
  [
    't1-ui-change',
    { files: [f('web/pages/index.tsx'), f('web/styles/site.css')] },
    { files: [f('web/pages/index.tsx'), f('src/server.ts')] },
  ],
  [
    't1-guarded-service',
    { files: [f('src/a.ts')], service: { slo: true, canary: true, killSwitch: true } },
    { files: [f('src/a.ts')], service: { slo: true, canary: true } },
  ],
  [
    't0-docs-and-tests',
    { files: [f('docs/a.md'), f('tests/a_test.py'), f('.editorconfig')] },
    { files: [f('docs/a.md')], dependencies: [{ name: 'x', change: 'removed' }] },
  ],
];

describe('every rule of the default policy', () => {
  test('each rule has a case below', () => {
    expect(new Set(rules.map(([id]) => id))).toEqual(new Set(policy.rules.map((r) => r.id)));
  });

  test.each(rules)('%s catches its change and not the near miss', (rule, hit, miss) => {
    expect(trueRules(hit)).toContain(rule);
    expect(trueRules(miss)).not.toContain(rule);
  });
});

describe('decisions of the default policy', () => {
  test('a migration without its patch is T3, ambiguous, and names the missing patch', () => {
    const c = classify(policy, { files: [f('db/migrations/0042_users.sql')] });
    expect(c).toMatchObject({ tier: 'T3', defaulted: true, ambiguous: true });
    expect(c.matches.find((m) => m.rule === 't3-destructive-ddl')?.unknown).toEqual(['/files/0/patch']);
  });

  test('a change nothing recognises gets the default, T2', () => {
    expect(classify(policy, { files: [f('src/main.rs')] })).toMatchObject({
      tier: 'T2',
      defaulted: true,
      ambiguous: false,
    });
  });

  test('a docs-only change stays T0 without coverage or service facts', () => {
    expect(classify(policy, { files: [f('docs/a.md')] })).toMatchObject({
      tier: 'T0',
      defaulted: false,
      ambiguous: false,
    });
  });

  test('a covered code file never lowers a change of UI docs (code includes the paths T0 excludes)', () => {
    const base = {
      files: [f('web/x.md'), f('docs/y.md')],
      coverage: { changedLines: 10, coveredLines: 9 },
      service: { slo: false },
    };
    expect(classify(policy, base).tier).toBe('T1');
    expect(classify(policy, { ...base, files: [...base.files, f('src/a.ts')] }).tier).toBe('T1');
  });

  test('adding a docs file to a UI change with a readme never lowers it (T0 excludes UI paths)', () => {
    const base = {
      files: [f('web/README.md')],
      coverage: { changedLines: 10, coveredLines: 1 },
      service: { slo: false },
    };
    expect(classify(policy, base).tier).toBe('T1');
    expect(classify(policy, { ...base, files: [...base.files, f('docs/y.md')] }).tier).toBe('T2');
  });
});
