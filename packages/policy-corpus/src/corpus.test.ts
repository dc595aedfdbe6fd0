import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { classify, loadBlastRadiusPolicy } from '@trustladder/core';
import { describe, expect, it } from 'vitest';
import { confusion, verdict } from './confusion.js';
import { type CorpusPart, loadCorpus } from './corpus.js';

// The default policy on real commits, labelled by hand from their diffs before it ran. Each
// part (tuning, held-out) must have no UNDER and an OVER share below 10%. CORPUS_PARTS
// (comma-separated) restricts the run, so that tuning never shows the held-out part.

const root = fileURLToPath(new URL('..', import.meta.url));
const policyFile = fileURLToPath(new URL('../../../policies/blast-radius.yaml', import.meta.url));
const policy = loadBlastRadiusPolicy(readFileSync(policyFile, 'utf8'), { source: policyFile });
const corpus = loadCorpus(root);
const parts = (process.env.CORPUS_PARTS ?? 'tuning,held-out').split(',') as CorpusPart[];
const MAX_OVER_RATE = 0.1;

describe.each(parts)('the default policy on the %s part of the real-commit corpus', (part) => {
  const entries = corpus.filter((entry) => entry.part === part);
  const results = entries.map((entry) => ({ ...entry, tier: classify(policy, entry.change).tier }));
  const table = confusion(results);
  const disagreements = results
    .filter((result) => verdict(result) !== 'agree')
    .map(
      (r) => `${verdict(r).toUpperCase()} ${r.repo} ${r.commit} label ${r.label} got ${r.tier}: ${r.reason}`,
    );

  it('prints its confusion table', () => {
    console.log(
      `\n${part}: ${table.total} commits, ${table.under} under, ${table.over} over (${(100 * table.overRate).toFixed(1)}%)`,
    );
    console.table(table.rows);
    if (disagreements.length > 0) console.log(disagreements.join('\n'));
    expect(table.total).toBeGreaterThan(0);
  });

  it('never classifies a commit below its label', () => {
    expect(disagreements.filter((line) => line.startsWith('UNDER'))).toEqual([]);
  });

  it('over-classifies fewer than 10% of its commits', () => {
    expect(table.overRate).toBeLessThan(MAX_OVER_RATE);
  });
});
