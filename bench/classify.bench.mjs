// Classification time against the number of changed files and of rules (changes.mjs: a
// realistic change, and one with every file in its own directory). The engine matches
// each path once against a GlobSet of every glob of every rule, so the cost should grow
// linearly with files and stay close to flat with rules. A naive engine (every rule's RE2
// regexes tested on every path) is measured in the same run for comparison.
import { classify, DEFAULT_POLICY_TEXTS, loadBlastRadiusPolicy, normaliseChange } from '@trustladder/core';
import { RE2JS } from 're2js';

import { generatedPolicy, realisticChange, scatteredChange } from './changes.mjs';
import { QUICK, medianMs as time } from './median-time.mjs';

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
console.log('| files | realistic (ms) | us per file | scattered, one directory each (ms) | us per file |');
console.log('|---:|---:|---:|---:|---:|');
for (const n of QUICK ? [10, 1000, 10000] : [10, 100, 1000, 10000, 100000]) {
  const real = realisticChange(n);
  const scattered = scatteredChange(n);
  const ms = time(() => classify(defaultPolicy, real));
  const msScattered = time(() => classify(defaultPolicy, scattered));
  rows.push({ files: n, ms });
  const per = (t) => ((t * 1000) / n).toFixed(2);
  console.log(`| ${n} | ${ms.toFixed(2)} | ${per(ms)} | ${msScattered.toFixed(2)} | ${per(msScattered)} |`);
}

console.log('\nRules (1,000 changed files):');
console.log('| rules | classify (ms) | naive files x rules (ms) | naive / classify |');
console.log('|---:|---:|---:|---:|');
const thousand = realisticChange(1000);
for (const n of QUICK ? [10, 1000] : [10, 100, 1000, 10000]) {
  const policy = generatedPolicy(n);
  classify(policy, thousand); // prepares (compiles) the policy once, outside the timing
  const ms = time(() => classify(policy, thousand));
  const baseline = n <= 1000 ? time(naive(policy, normaliseChange(thousand))) : Number.NaN;
  const ratio = Number.isNaN(baseline) ? 'n/a' : `${(baseline / ms).toFixed(1)}x`;
  console.log(
    `| ${n} | ${ms.toFixed(2)} | ${Number.isNaN(baseline) ? 'skipped (too slow)' : baseline.toFixed(1)} | ${ratio} |`,
  );
}
