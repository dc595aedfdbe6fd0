import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { classify, loadBlastRadiusPolicy } from '@trustladder/core';
import { describe, expect, it } from 'vitest';
import { confusion, verdict } from './confusion.js';
import { type CorpusPart, loadCorpus } from './corpus.js';

// The default policy on real commits, labelled by hand from their diffs before it ran. Each
// part must have no UNDER. The goal for OVER is a share below 10% of each part; it is met on
// the tuning (11/119) and held-out (4/44) parts but not on held-out-2 (6/44, each from a reading
// kept because the other would lower a tier where the case is truly ambiguous: see the README),
// so OVER is held by a ratchet at the measured counts, to be lowered, never raised.
// held-out-2 (44 Sylius commits, PHP) is the fresh part added once held-out was spent. Its first
// classification found 8 UNDER (Symfony/Sylius names the policy did not know: see the README);
// the policy (not the labels) was then fixed, measured on the tuning part first, so held-out-2
// is spent too: it is a regression part now, no longer a held-out measure.
// CORPUS_PARTS (comma-separated) restricts the run, so that tuning never shows the held-out parts.

const root = fileURLToPath(new URL('..', import.meta.url));
const policyFile = fileURLToPath(new URL('../../../policies/blast-radius.yaml', import.meta.url));
const policy = loadBlastRadiusPolicy(readFileSync(policyFile, 'utf8'), { source: policyFile });
const corpus = loadCorpus(root);
const parts = (process.env.CORPUS_PARTS ?? 'tuning,held-out,held-out-2').split(',') as CorpusPart[];
const GOAL_OVER_RATE = 0.1;
/** The OVER counts measured last (docs/blast-radius.md): a change may lower them, never raise them. */
const OVER_RATCHET: Readonly<Record<CorpusPart, number>> = {
  tuning: 11,
  // held-out after TypeDoc folders became docs tooling (5 -> 4: 074b4ae0daf7).
  'held-out': 4,
  // held-out-2 after its UNDER fix (first look: 8 UNDER, 10 OVER of 44; now 0 UNDER, 6 OVER).
  'held-out-2': 6,
};

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

  it('over-classifies no more commits than the ratchet allows (the goal is under 10%)', () => {
    console.log(
      `${part}: OVER ${table.over} of ${table.total}, ratchet ${OVER_RATCHET[part]}, goal < ${100 * GOAL_OVER_RATE}%: ${
        table.overRate < GOAL_OVER_RATE ? 'met' : 'not met'
      }`,
    );
    expect(table.over).toBeLessThanOrEqual(OVER_RATCHET[part]);
  });
});
