// Classification time against the number of changed files and of rules. The engine matches
// each path once against a GlobSet of every glob of every rule, so the cost should grow
// linearly with files and stay close to flat with rules. A naive engine (every rule's RE2
// regexes tested on every path) is measured in the same run for comparison.
import {
  classify,
  compileBlastRadiusPolicy,
  DEFAULT_POLICY_TEXTS,
  loadBlastRadiusPolicy,
  normaliseChange,
} from '@trustladder/core';
import { RE2JS } from 're2js';

import { QUICK, medianMs as time } from './median-time.mjs';

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

function change(files) {
  return {
    repo: 'acme/monorepo',
    files: Array.from({ length: files }, (_, i) => ({
      path: `${DIRS[i % DIRS.length]}/module-${i % 997}/sub-${i % 13}/file-${i}.${EXTS[(i >> 3) % EXTS.length]}`,
      status: i % 17 === 0 ? 'added' : 'modified',
      patch: `@@ -1,1 +1,2 @@\n-old line ${i}\n+new line ${i}\n+const value${i} = compute(${i});\n`,
    })),
    dependencies: [],
  };
}

// Realistic rules at scale: per-service and per-module ownership, file kinds, and a content
// pattern on every tenth rule.
function policyWith(rules) {
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

// The naive engine: for every file and every rule, test every regex of the rule.
function naive(policy, normalised) {
  const compiled = policy.nodes.map((n) => (n.op === 'files' ? n.paths.map((r) => RE2JS.compile(r)) : []));
  return () => {
    let hits = 0;
    for (const file of normalised.files)
      for (const regexes of compiled) for (const re of regexes) if (re.matches(file.paths[0])) hits++;
    return hits;
  };
}

const rows = [];
const defaultPolicy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
console.log('Files (default policy, %d rules):', defaultPolicy.rules.length);
console.log('| files | classify (ms) | us per file |');
console.log('|---:|---:|---:|');
for (const n of QUICK ? [10, 1000, 10000] : [10, 100, 1000, 10000, 100000]) {
  const c = change(n);
  const ms = time(() => classify(defaultPolicy, c));
  rows.push({ files: n, ms });
  console.log(`| ${n} | ${ms.toFixed(2)} | ${((ms * 1000) / n).toFixed(2)} |`);
}

console.log('\nRules (1,000 changed files):');
console.log('| rules | classify (ms) | naive files x rules (ms) | naive / classify |');
console.log('|---:|---:|---:|---:|');
const thousand = change(1000);
for (const n of QUICK ? [10, 1000] : [10, 100, 1000, 10000]) {
  const policy = policyWith(n);
  classify(policy, thousand); // prepares (compiles) the policy once, outside the timing
  const ms = time(() => classify(policy, thousand));
  const baseline = n <= 1000 ? time(naive(policy, normaliseChange(thousand))) : Number.NaN;
  const ratio = Number.isNaN(baseline) ? 'n/a' : `${(baseline / ms).toFixed(1)}x`;
  console.log(
    `| ${n} | ${ms.toFixed(2)} | ${Number.isNaN(baseline) ? 'skipped (too slow)' : baseline.toFixed(1)} | ${ratio} |`,
  );
}
