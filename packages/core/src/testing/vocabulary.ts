// Small shared vocabularies: paths, globs, patches and labels are drawn from the same words,
// so random policies and random changes actually meet (a glob over random strings would
// almost never match a random path, and the tests would prove nothing).

export const SEGMENTS = [
  'src',
  'docs',
  'auth',
  'db',
  'migrations',
  'tests',
  'a',
  'b',
  '.github',
  'workflows',
  'kyverno',
  'payments',
  'x.md',
  'y.ts',
  'z.test.ts',
  '.env',
  'README.md',
  'Auth.TS',
  'release.yml',
  '0042_drop.sql',
  'café',
  '[id].tsx',
  'web',
  'components',
  'style.css',
  'Key',
  '\u212Aey', // KELVIN SIGN + ey: RE2's (?i) folds it with k
] as const;

export const ADDED_LINES = [
  'DROP TABLE users;',
  'drop index x',
  'truncate logs',
  'select 1',
  'foo bar',
  'kind: ClusterRole',
  'id-token: write',
  '',
  '+not a header',
  'café au lait',
  // Indented lines and block headers, so that notWithin blocks open and close.
  '  down() {',
  '    DROP TABLE t;',
  '\tdrop it',
  'def downgrade():',
  '  }',
  '// drop note',
] as const;

/** Block headers for `notWithin`, over the lines above. */
export const BLOCK_HEADERS = [
  String.raw`^\s*down\(\) \{$`,
  String.raw`^def downgrade\(\):$`,
  String.raw`^\s*\}$`,
  'DOWN',
] as const;

export const CONTENT_PATTERNS = [
  String.raw`\b(drop|truncate)\b`,
  'foo|bar',
  String.raw`^\s*kind:\s*ClusterRole\b`,
  'select',
  '[a-c]+r',
  'caf(é|e)',
  String.raw`id-token:\s*write`,
  '^$',
] as const;

export const LABELS = ['new-public-api', 'shared-library', 'hotfix', 'new-feature-flag'] as const;
export const ECOSYSTEMS = ['npm', 'pypi', 'go'] as const;
export const REPOS = ['acme/payments-api', 'acme/web', 'acme/infra'] as const;
