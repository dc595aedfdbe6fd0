import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import type { ChangeFile, ChangeFileStatus } from '../schemas/input-types/index.js';
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
  '07-two-repos.json': ['T2', ['t2-multi-repo', 't2-new-public-api', 't1-guarded-service']],
  '08-new-event-type.json': ['T2', ['t2-event-schema']],
  '09-new-public-endpoint.json': ['T2', ['t2-new-public-api']],
  '10-agent-prompt.json': ['T2', ['t2-agent-prompts']],
  '11-trust-policy-change.json': ['T2', ['t2-trust-policy']],
  '12-drop-column.json': ['T3', ['t3-destructive-ddl']],
  '13-migration-without-patch.json': ['T3', [], { defaulted: true, ambiguous: true }],
  '14-session-handling.json': ['T3', ['t3-auth', 't1-covered-refactor', 't1-guarded-service']],
  '15-payment-capture.json': ['T3', ['t3-payments', 't1-guarded-service']],
  '16-secret-rotation.json': ['T3', ['t3-secrets']],
  '17-cluster-rbac.json': ['T3', ['t3-cluster-rbac', 't3-auth']],
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

const f = (path: string, patch?: string, status: ChangeFileStatus = 'modified'): ChangeFile =>
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
  [
    't3-auth',
    { files: [f('services/api/src/Auth/TokenService.cs', 'return Issue(claims);')] },
    { files: [f('src/author/list.ts', 'return Issue(claims);')] },
  ],
  [
    't3-auth',
    { files: [f('pkg/oidc/provider.go', 'return p.verify(raw)')] },
    { files: [f('pkg/oidc/provider.go', '// verifies the raw token')] },
  ],
  [
    't3-auth',
    { files: [{ ...f('pkg/oidc/provider.go', undefined, 'renamed'), previousPath: 'pkg/oidc/old.go' }] },
    { files: [f('docs/auth/overview.md')] },
  ],
  [
    't3-payments',
    { files: [f('src/billing/invoice.ts', 'total += line.amount')] },
    { files: [f('src/catalog/item.ts', 'total += line.amount')] },
  ],
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
    { files: [f('src/api/v2/exports.ts', 'const rows = await load()', 'added')] },
    { files: [f('src/api/v2/exports.ts', 'const rows = await load()')] },
  ],
  [
    't2-new-public-api',
    { files: [f('internal/server/handlers.go', 'r.Post("/v1/tokens/rotate", rotate)')] },
    { files: [f('internal/server/handlers.go', 'cfg := Path("/etc/x")')] },
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
    { files: [f('src/a.ts', 'x()')], coverage: { changedLines: 10, coveredLines: 8 } },
    { files: [f('src/a.ts', 'x()')], coverage: { changedLines: 10, coveredLines: 7 } },
  ],
  [
    't1-ui-change',
    { files: [f('web/pages/index.tsx'), f('web/styles/site.css')] },
    { files: [f('web/pages/index.tsx'), f('src/server.ts')] },
  ],
  [
    't1-guarded-service',
    { files: [f('src/a.ts', 'x()')], service: { slo: true, canary: true, killSwitch: true } },
    { files: [f('src/a.ts', 'x()')], service: { slo: true, canary: true } },
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
    expect(classify(policy, { files: [f('src/main.rs', 'let x = 1;')] })).toMatchObject({
      tier: 'T2',
      defaulted: true,
      ambiguous: false,
    });
  });

  test('a code file without its patch is T3, ambiguous: the auth and money content signals cannot be read', () => {
    const c = classify(policy, { files: [f('src/main.rs')] });
    expect(c).toMatchObject({ tier: 'T3', defaulted: true, ambiguous: true });
    expect(c.matches.filter((m) => m.state === 'unknown').map((m) => m.rule)).toEqual(
      expect.arrayContaining(['t3-auth', 't3-payments']),
    );
  });

  test('a docs-only change stays T0 without coverage or service facts', () => {
    expect(classify(policy, { files: [f('docs/a.md')] })).toMatchObject({
      tier: 'T0',
      defaulted: false,
      ambiguous: false,
    });
  });

  test('a covered code file never lowers a change of docs under a UI folder (docs win over UI)', () => {
    const base = {
      files: [f('web/x.md', 'text'), f('docs/y.md', 'text')],
      coverage: { changedLines: 10, coveredLines: 9 },
      service: { slo: false },
    };
    expect(classify(policy, base).tier).toBe('T0');
    expect(classify(policy, { ...base, files: [...base.files, f('src/a.ts', 'let x = 1;')] }).tier).toBe(
      'T1',
    );
  });

  test('a UI change with its tests and docs stays T1; a code file makes it the default', () => {
    const ui = { files: [f('packages/admin/dashboard/src/routes/list.tsx', '<div/>')] };
    expect(classify(policy, ui).tier).toBe('T1');
    const withTests = {
      files: [
        ...ui.files,
        f('packages/admin/dashboard/src/routes/list.spec.ts', 'it()'),
        f('CHANGELOG.md', 'x'),
      ],
    };
    expect(classify(policy, withTests).tier).toBe('T1');
    expect(classify(policy, { files: [...withTests.files, f('src/server.ts', 'let x = 1;')] }).tier).toBe(
      'T2',
    );
    expect(classify(policy, { files: [f('web/pages/api/orders.ts', 'export default handler')] }).tier).toBe(
      'T2',
    );
  });
});

// The classes the real-commit corpus (packages/policy-corpus) found, one realistic case each.
const sql = (...lines: string[]) =>
  `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}\n`;
const p = (path: string, patch: string, status: ChangeFileStatus = 'modified'): ChangeFile => ({
  path,
  status,
  patch,
});
const diff = (removed: string[], added: string[]) =>
  `@@ -1,${removed.length} +1,${added.length} @@\n${[...removed.map((l) => `-${l}`), ...added.map((l) => `+${l}`)].join('\n')}\n`;
// A new MikroORM migration: `up` and `down` each run one statement.
const migration = (up: string, down: string) =>
  sql(
    'export class Migration1 extends Migration {',
    '  async up(): Promise<void> {',
    `    this.addSql('alter table "t" ${up};')`,
    '  }',
    '',
    '  async down(): Promise<void> {',
    '    this.addSql(',
    `      'alter table "t" ${down};'`,
    '    )',
    '  }',
    '}',
  );
const readings: Array<[string, unknown, Tier, (string | undefined)?, string?]> = [
  ['a sign-up handler', { files: [f('internal/handlers/signup.go', 'x := 1')] }, 'T3', 't3-auth'],
  ['an invite handler', { files: [f('pkg/api/invite.ts', 'x')] }, 'T3', 't3-auth'],
  ['an identity model', { files: [f('app/models/identity.py', 'x = 1')] }, 'T3', 't3-auth'],
  ['an OIDC token file', { files: [f('pkg/server/token_oidc.go', 'x := 1')] }, 'T3', 't3-auth'],
  ['a SAML ACS file', { files: [f('pkg/login/samlacs.go', 'x := 1')] }, 'T3', 't3-auth'],
  ['an OAuth server package', { files: [f('pkg/oauthserver/admin.go', 'x := 1')] }, 'T3', 't3-auth'],
  [
    'a hyphenated auth middleware',
    { files: [f('src/http/authenticate-middleware.ts', 'x')] },
    'T3',
    't3-auth',
  ],
  [
    'Bearer parsing in an API file',
    { files: [f('pkg/api/api.go', 'tok := strings.TrimPrefix(h, "Bearer ")')] },
    'T3',
    't3-auth',
  ],
  ['password hashing', { files: [f('src/users.rs', 'let h = argon2.hash_encoded(pw)?;')] }, 'T3', 't3-auth'],
  ['a TOTP check', { files: [f('server/second.go', 'ok := totp.Validate(code, secret)')] }, 'T3', 't3-auth'],
  ['an LDAP server folder', { files: [f('crates/ldap/src/search.rs', 'x')] }, 'T3', 't3-auth'],
  [
    'a permission app (singular folder)',
    { files: [f('saleor/permission/management.py', 'x = 1')] },
    'T3',
    't3-auth',
  ],
  [
    'a proto file without its patch (content signals read code files only)',
    { files: [f('protos/user.proto')] },
    'T2',
    't2-event-schema',
  ],
  ['a CanCan ability', { files: [f('core/app/models/spree/ability.rb', 'x')] }, 'T3', 't3-auth'],
  ['an author list (not auth)', { files: [f('src/author/list.ts', 'x')] }, 'T2'],
  [
    'a payment session (money, not auth)',
    { files: [f('src/payment/create-payment-session.ts', 'x')] },
    'T3',
    't3-payments',
  ],
  [
    'an auth module manifest (dependency rules judge it)',
    { files: [f('modules/auth/package.json', '"x": 1')] },
    'T2',
  ],
  ['a tax provider plugin', { files: [f('saleor/plugins/avatax/plugin.py', 'x = 1')] }, 'T3', 't3-payments'],
  ['totals code', { files: [f('packages/utils/src/totals/cart/index.ts', 'x')] }, 'T3', 't3-payments'],
  ['promotion code', { files: [f('promotions/app/models/benefit.rb', 'x')] }, 'T3', 't3-payments'],
  ['syntax (not tax)', { files: [f('src/parser/syntax.ts', 'x')] }, 'T2'],
  [
    'Django RemoveField',
    { files: [p('shop/migrations/0042_x.py', sql('        migrations.RemoveField('))] },
    'T3',
    't3-destructive-ddl',
  ],
  [
    'Django RenameField',
    { files: [p('shop/migrations/0042_x.py', sql('        migrations.RenameField('))] },
    'T3',
    't3-destructive-ddl',
  ],
  [
    'Rails remove_column',
    { files: [p('db/migrate/1_x.rb', sql('    remove_column :users, :nick'))] },
    'T3',
    't3-destructive-ddl',
  ],
  [
    'Knex dropColumn',
    { files: [p('db/migrations/1_x.js', sql("  t.dropColumn('nick')"))] },
    'T3',
    't3-destructive-ddl',
  ],
  [
    'RENAME COLUMN on the line after ALTER TABLE',
    { files: [p('db/1.sql', sql('ALTER TABLE users', '  RENAME COLUMN a TO b;'))] },
    'T3',
    't3-destructive-ddl',
  ],
  ['Django AddField', { files: [p('shop/migrations/0042_x.py', sql('        migrations.AddField('))] }, 'T2'],
  [
    'a SQL comment about dropping',
    { files: [p('db/1.sql', sql('-- when we drop the legacy table, see #12'))] },
    'T2',
  ],
  [
    'a Python comment about dropping (a comment-only edit)',
    { files: [p('shop/migrations/0042_x.py', sql('    # drop it in 0043'))] },
    'T0',
    't0-docs-and-tests',
    't3-destructive-ddl',
  ],
  [
    'a reverse_sql DROP',
    { files: [p('shop/migrations/0042_x.py', sql('            reverse_sql="DROP INDEX i;",'))] },
    'T2',
  ],
  ['SET DEFAULT', { files: [p('db/1.sql', sql('ALTER TABLE t ALTER COLUMN c SET DEFAULT true;'))] }, 'T2'],
  ['DROP DEFAULT', { files: [p('db/1.sql', sql('ALTER TABLE t ALTER c DROP DEFAULT;'))] }, 'T2'],
  [
    'DROP DEFAULTS is not DROP DEFAULT',
    { files: [p('db/1.sql', sql('ALTER TABLE t DROP defaults_x;'))] },
    'T3',
    't3-destructive-ddl',
  ],
  [
    'a DROP at the end of a line',
    { files: [p('db/1.sql', sql('ALTER TABLE t DROP'))] },
    'T3',
    't3-destructive-ddl',
  ],
  ['DROP DATABASE', { files: [p('db/1.sql', sql('DROP DATABASE d;'))] }, 'T3', 't3-destructive-ddl'],
  [
    'a log level in a migration',
    { files: [p('src/migrations/M1.ts', sql('    console.info(`note`)'))] },
    'T2',
  ],
  [
    'an UPDATE with no row count',
    { files: [p('db/migrations/2.sql', sql("UPDATE users SET tier = 'gold';"))] },
    'T3',
    undefined,
  ],
  [
    'a copied migration',
    {
      files: [
        {
          ...p('app/migrations/0044_x.py', sql('("app", "0043")')),
          status: 'copied',
          previousPath: 'app/migrations/0041_x.py',
        },
      ],
    },
    'T3',
    undefined,
  ],
  [
    'a nested e2e test',
    { files: [f('saleor/payment/tests/e2e/checkout/test_pay.py', 'x')] },
    'T0',
    't0-docs-and-tests',
  ],
  ['conftest.py', { files: [f('saleor/conftest.py', 'x')] }, 'T0', 't0-docs-and-tests'],
  [
    'a test utility package',
    { files: [f('packages/medusa-test-utils/src/runner.ts', 'x')] },
    'T0',
    't0-docs-and-tests',
  ],
  ['a licence', { files: [f('LICENSE', 'MIT')] }, 'T0', 't0-docs-and-tests'],
  [
    'a docs-site theme component',
    { files: [f('website/src/theme/Navbar.tsx', 'x')] },
    'T0',
    't0-docs-and-tests',
  ],
  [
    'a dashboard deep in a package',
    { files: [f('packages/admin/dashboard/src/routes/list.tsx', 'x')] },
    'T1',
    't1-ui-change',
  ],
  [
    'an image-publishing workflow',
    { files: [f('.github/workflows/docker-build-static.yml', 'uses: docker/metadata-action@v6')] },
    'T3',
    't3-attestation-chain',
  ],
  // Rollback bodies: a DROP under a migration's down() header undoes its own up().
  [
    'a MikroORM migration whose down() drops what up() added',
    {
      files: [
        p('src/migrations/Migration1.ts', migration('add column "c" text', 'drop column "c"'), 'added'),
      ],
    },
    'T2',
    undefined,
    't3-destructive-ddl',
  ],
  [
    'a migration that drops in up() (and in down())',
    { files: [p('src/migrations/Migration1.ts', migration('drop column "c"', 'drop column "c"'), 'added')] },
    'T3',
    't3-destructive-ddl',
  ],
  [
    'a DROP in a hunk of down() whose header the hunk does not show',
    {
      files: [
        p(
          'src/migrations/Migration1.ts',
          '@@ -9,3 +9,4 @@\n     this.addSql(\n+      \'alter table "t" drop column "c";\'\n     )\n   }\n',
        ),
      ],
    },
    'T3',
    't3-destructive-ddl',
  ],
  [
    'an Alembic downgrade() dropping the table upgrade() created',
    {
      files: [
        p(
          'alembic/versions/1_x.py',
          sql('def upgrade():', '    op.create_table("t")', '', 'def downgrade():', '    op.drop_table("t")'),
          'added',
        ),
      ],
    },
    'T2',
    undefined,
    't3-destructive-ddl',
  ],
  [
    'an Alembic upgrade() after an empty downgrade() at the same indentation',
    {
      files: [
        p(
          'alembic/versions/1_x.py',
          sql('def downgrade():', '    pass', 'def upgrade():', '    op.drop_table("t")'),
          'added',
        ),
      ],
    },
    'T3',
    't3-destructive-ddl',
  ],
  [
    'a Rails down method',
    {
      files: [p('db/migrate/1_x.rb', sql('  def down', '    remove_column :users, :nick', '  end'), 'added')],
    },
    'T2',
    undefined,
    't3-destructive-ddl',
  ],
  [
    'a down() header with code after the brace on the same line',
    {
      files: [
        p(
          'src/migrations/M.ts',
          sql('  async down() { await x() } async up() {', '    this.addSql("drop table t")'),
          'added',
        ),
      ],
    },
    'T3',
    't3-destructive-ddl',
  ],
  // Comment-only edits of modified files: every changed line is a comment.
  [
    'a comment typo in an auth connector',
    { files: [p('connector/oidc/oidc.go', diff(['// email_verifed'], ['// email_verified']))] },
    'T0',
    't0-docs-and-tests',
    't3-auth',
  ],
  [
    'a comment in a payment gateway',
    { files: [p('shop/payment/gateway.py', diff(['    # apple pay'], ['    # Apple Pay']))] },
    'T0',
    't0-docs-and-tests',
    't3-payments',
  ],
  [
    'code commented out in an auth file',
    { files: [p('src/auth/guard.ts', diff(['check(user)'], ['// check(user)']))] },
    'T3',
    't3-auth',
  ],
  [
    'a block comment opened in an auth file',
    { files: [p('src/auth/guard.ts', diff([], ['/* disabled']))] },
    'T3',
    't3-auth',
  ],
  [
    'a Go build directive in an auth file',
    { files: [p('pkg/auth/auth.go', diff(['//go:build linux'], ['//go:build ignore']))] },
    'T3',
    't3-auth',
  ],
  [
    'a Rust attribute in an auth file',
    { files: [p('crates/auth/src/lib.rs', diff([], ['#[cfg(test)]']))] },
    'T3',
    't3-auth',
  ],
  [
    'a C include in an auth file',
    { files: [p('src/auth/pam.c', diff([], ['# include "weak.h"']))] },
    'T3',
    't3-auth',
  ],
  [
    'a Python coding comment in a payments file',
    { files: [p('shop/payment/utils.py', diff([], ['# -*- coding: latin-1 -*-']))] },
    'T3',
    't3-payments',
  ],
  [
    'a comment added to an auth file that is also renamed',
    {
      files: [
        { ...p('src/auth/b.ts', diff([], ['// note'])), status: 'renamed', previousPath: 'src/auth/a.ts' },
      ],
    },
    'T3',
    't3-auth',
  ],
  [
    'a comment-only edit with a code change beside it',
    { files: [p('src/auth/a.ts', diff([], ['// note'])), p('src/lib/x.ts', diff([], ['x()']))] },
    'T2',
    undefined,
    't0-docs-and-tests',
  ],
  [
    'a mode change (no changed line: unknown content) beside a comment-only edit',
    { files: [p('src/lib/y.ts', diff([], ['// note'])), p('bin/run.sh', '')] },
    'T3',
    undefined,
    't0-docs-and-tests',
  ],
  // Symfony and Sylius names for the auth and money domains (held-out-2).
  [
    'a Symfony security.yaml firewall secret',
    {
      files: [
        p('config/packages/security.yaml', diff(['  secret: "%secret%"'], ['  secret: "%env(APP_SECRET)%"'])),
      ],
    },
    'T3',
    't3-auth',
  ],
  [
    'a file in a Security folder',
    {
      files: [
        p('src/CoreBundle/Security/UserImpersonator.php', diff([], ['        $session = $provider->get();'])),
      ],
    },
    'T3',
    't3-auth',
  ],
  [
    'a setting in a UserBundle',
    {
      files: [
        p(
          'src/Bundle/UserBundle/DependencyInjection/Configuration.php',
          diff(['->defaultValue(16)'], ['->defaultValue(64)']),
        ),
      ],
    },
    'T3',
    't3-auth',
  ],
  [
    'a role check in any code file',
    {
      files: [
        p('src/EventListener/UserDeleteListener.php', diff([], ['        if (!$user->hasRole($role)) {'])),
      ],
    },
    'T3',
    't3-auth',
  ],
  [
    'a quoted ROLE_ constant',
    { files: [p('src/Menu/Builder.php', diff([], ["        $roles = ['ROLE_ADMIN'];"]))] },
    'T3',
    't3-auth',
  ],
  [
    'a Spring @PreAuthorize',
    {
      files: [
        p('src/main/java/shop/OrderController.java', diff([], ['  @PreAuthorize("hasAuthority(\'x\')")'])),
      ],
    },
    'T3',
    't3-auth',
  ],
  [
    'a token lifetime setting',
    { files: [p('src/config/settings.py', diff([], ['TOKEN_TTL = 3600']))] },
    'T3',
    't3-auth',
  ],
  [
    'the API resource of the user model',
    {
      files: [
        p('src/ApiBundle/Resources/config/api_resources/AdminUser.xml', diff([], ['<attribute name="x"/>'])),
      ],
    },
    'T3',
    't3-auth',
  ],
  [
    'a role word that is not a role check (near miss)',
    { files: [p('src/lib/roles.ts', diff([], ['const role_name = other;']))] },
    'T2',
  ],
  [
    'a money word in a CamelCase folder name',
    {
      files: [p('src/Bundle/PaymentBundle/Resources/config/state_machine.yml', diff([], ['  authorize: ~']))],
    },
    'T3',
    't3-payments',
  ],
  [
    'a payment gateway as a file name',
    { files: [p('src/Bundle/CoreBundle/Resources/config/integrations/stripe.xml', diff(['<x/>'], []))] },
    'T3',
    't3-payments',
  ],
  [
    'a Taxation folder',
    {
      files: [p('src/Component/Core/Taxation/Applicator/ItemsApplicator.php', diff([], ['        return;']))],
    },
    'T3',
    't3-payments',
  ],
  [
    'translations in a money folder are UI text',
    { files: [p('src/PaymentBundle/Resources/translations/messages.de.yml', diff([], ['  pay: Bezahlen']))] },
    'T1',
    't1-ui-change',
    't3-payments',
  ],
  [
    'Behat feature files named after money are tests',
    { files: [p('features/promotion/receiving_discounts.feature', diff([], ['    @ui']))] },
    'T0',
    't0-docs-and-tests',
  ],
  [
    'a test app under a capitalised Tests folder',
    { files: [p('src/UserBundle/Tests/Functional/app/config/config.yml', diff(['fos_rest: ~'], []))] },
    'T0',
    't0-docs-and-tests',
  ],
  // Outbound-request defences.
  [
    'TLS verification switched off',
    { files: [p('src/clients/http.py', diff([], ['    session.get(url, verify=False)']))] },
    'T3',
    't3-auth',
  ],
  [
    'an SSRF IP filter option',
    { files: [p('src/core/http_client.py', diff([], ['    ip_filter_allow_loopback_ips=True,']))] },
    'T3',
    't3-auth',
  ],
];

describe('readings of the default policy measured on real commits', () => {
  test.each(readings)('%s', (_name, change, tier, rule, notRule) => {
    const c = classify(policy, change);
    expect(c.tier).toBe(tier);
    if (rule !== undefined) expect(trueRules(change)).toContain(rule);
    if (notRule !== undefined) expect(trueRules(change)).not.toContain(notRule);
  });

  test('a migration that changes rows is T3 only while its row count is unknown or above 1M', () => {
    const change = { files: [p('db/migrations/2.sql', sql("UPDATE users SET tier = 'gold';"))] };
    expect(classify(policy, change)).toMatchObject({ tier: 'T3', ambiguous: true });
    expect(classify(policy, { ...change, data: { rowsAffected: 10 } })).toMatchObject({
      tier: 'T2',
      ambiguous: false,
    });
    expect(trueRules({ ...change, data: { rowsAffected: 2_000_000 } })).toContain(
      't3-production-data-migration',
    );
  });
});
