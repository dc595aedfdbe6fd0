// Generated changes (and policies) for the classify benches, deterministic (a seeded generator).
//
// `realisticChange`: the shape of a large real change (a monorepo-wide rename or codemod):
// files cluster in a few hundred directories of a package tree, with the names and kinds a
// real tree has (sources, tests, docs, migrations, workflows, auth and payment code), and a
// small patch each. `scatteredChange`: every file in its own directory, the worst case for
// the per-directory memo (the bench of earlier rounds, kept for comparison).

import { compileBlastRadiusPolicy } from '@trustladder/core';

function generator(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

const PACKAGES = ['api', 'web', 'billing', 'auth', 'worker', 'shared', 'admin', 'search', 'notify', 'infra'];
const AREAS = [
  'src',
  'src/handlers',
  'src/models',
  'src/services',
  'src/lib/util',
  'src/components/forms',
  'src/routes',
  'tests',
  'tests/integration',
  'docs',
  'db/migrations',
  'config',
  'src/payments',
  'src/session',
  'scripts',
];
const STEMS = [
  'index',
  'user',
  'order',
  'client',
  'router',
  'handler',
  'model',
  'utils',
  'config',
  'login',
  'checkout',
  'invoice',
  'cache',
  'queue',
  'report',
  'helpers',
  'token_store',
  'price-table',
  'README',
  'schema',
];
const KINDS = ['ts', 'ts', 'tsx', 'go', 'py', 'md', 'sql', 'yaml', 'json', 'css', 'test.ts', 'spec.ts'];

function pick(next, list) {
  return list[Math.floor(next() * list.length)];
}

function patch(i) {
  return `@@ -1,1 +1,2 @@\n-old line ${i}\n+new line ${i}\n+const value${i} = compute(${i});\n`;
}

export function realisticChange(files, seed = 16) {
  const next = generator(seed);
  // About one directory per 25 files, never fewer than one: a few hundred for 10k files.
  const dirs = Array.from({ length: Math.max(1, Math.round(files / 25)) }, (_, d) => {
    const base = `packages/${pick(next, PACKAGES)}/${pick(next, AREAS)}`;
    return next() < 0.5 ? base : `${base}/part-${d}`;
  });
  const out = [];
  for (let i = 0; i < files; i++) {
    const dir = i < 6 ? '.github/workflows' : pick(next, dirs);
    const name = i < 6 ? `ci-${i}.yml` : `${pick(next, STEMS)}-${i}.${pick(next, KINDS)}`;
    out.push({ path: `${dir}/${name}`, status: i % 17 === 0 ? 'added' : 'modified', patch: patch(i) });
  }
  return { repo: 'acme/monorepo', files: out, dependencies: [] };
}

const DIRS = [
  'src',
  'lib',
  'services',
  'docs',
  'tests',
  'web',
  'db/migrations',
  '.github/workflows',
  'pkg',
  'internal',
];
const EXTS = ['ts', 'go', 'md', 'sql', 'yaml', 'py', 'tsx', 'css', 'json', 'rs'];

export function scatteredChange(files) {
  return {
    repo: 'acme/monorepo',
    files: Array.from({ length: files }, (_, i) => ({
      path: `${DIRS[i % DIRS.length]}/module-${i % 997}/sub-${i % 13}/file-${i}.${EXTS[(i >> 3) % EXTS.length]}`,
      status: i % 17 === 0 ? 'added' : 'modified',
      patch: patch(i),
    })),
    dependencies: [],
  };
}

// Realistic rules at scale: per-service and per-module ownership, file kinds, and a content
// pattern on every tenth rule.
export function generatedPolicy(rules) {
  return compileBlastRadiusPolicy({
    apiVersion: 'trustladder.dev/v1',
    kind: 'BlastRadiusPolicy',
    metadata: { name: `bench-${rules}` },
    default: 'T2',
    rules: Array.from({ length: rules }, (_, i) => {
      const shape = i % 4;
      const paths =
        shape === 0
          ? [`services/module-${i}/**`]
          : shape === 1
            ? [`**/module-${i}/sub-${i % 13}/*.ts`]
            : shape === 2
              ? [`**/*.ext${i}`]
              : [`lib/module-${i}/**/*.{go,rs}`];
      const files = i % 10 === 0 ? { paths, content: { pattern: `\\bcompute\\(${i}\\)` } } : { paths };
      return {
        id: `rule-${i}`,
        tier: ['T0', 'T1', 'T2', 'T3'][i % 4],
        description: `generated ${i}`,
        when: { files },
      };
    }),
  });
}
