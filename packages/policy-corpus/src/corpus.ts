import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tier } from '@trustladder/core';

// The labelled corpus: labels.tsv names each commit, its hand label, its part and the reason
// written from the diff; testdata/<owner>+<name>/<commit>.json holds the change the --git
// reader built for it. A label file that does not parse is an error, never a shorter corpus.

// held-out-2 is a fresh part (Sylius, PHP) added after the held-out part was spent by repeated
// looks: labelled and committed before its first classification, never used for tuning.
// held-out-3 (bitwarden/server, C#) was added the same way once held-out-2 was spent; it waits,
// unclassified, for one look at the frozen policy (corpus.test.ts classifies only ratcheted parts).
export type CorpusPart = 'tuning' | 'held-out' | 'held-out-2' | 'held-out-3';

export interface CorpusEntry {
  readonly repo: string;
  readonly commit: string;
  readonly label: Tier;
  readonly part: CorpusPart;
  readonly reason: string;
  readonly change: unknown;
}

const TIERS: readonly string[] = ['T0', 'T1', 'T2', 'T3'];
export const PARTS: readonly CorpusPart[] = ['tuning', 'held-out', 'held-out-2', 'held-out-3'];

function isCorpusPart(part: string): part is CorpusPart {
  return (PARTS as readonly string[]).includes(part);
}

/** Parses labels.tsv; throws with every bad line at once. */
export function parseLabels(text: string): Omit<CorpusEntry, 'change'>[] {
  const entries: Omit<CorpusEntry, 'change'>[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const [repo, commit, label, part, reason, ...rest] = line.split('\t');
    const where = `labels.tsv:${index + 1}`;
    if (rest.length > 0 || !repo || !commit || !label || !part || !reason) {
      problems.push(`${where}: expected 5 tab-separated fields`);
      return;
    }
    if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) problems.push(`${where}: bad repo "${repo}"`);
    if (!/^[0-9a-f]{12}$/.test(commit)) problems.push(`${where}: bad commit "${commit}"`);
    if (!TIERS.includes(label)) problems.push(`${where}: bad label "${label}"`);
    if (!isCorpusPart(part)) problems.push(`${where}: bad part "${part}"`);
    if (seen.has(`${repo} ${commit}`)) problems.push(`${where}: ${repo} ${commit} is labelled twice`);
    seen.add(`${repo} ${commit}`);
    entries.push({ repo, commit, label: label as Tier, part: part as CorpusPart, reason });
  });
  if (problems.length > 0) throw new Error(`bad corpus labels:\n${problems.join('\n')}`);
  return entries;
}

/** Reads labels.tsv and each labelled change from the corpus directory. */
export function loadCorpus(root: string): CorpusEntry[] {
  return parseLabels(readFileSync(join(root, 'labels.tsv'), 'utf8')).map((entry) => {
    const file = join(root, 'testdata', entry.repo.replace('/', '+'), `${entry.commit}.json`);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {
      source?: { commit?: string };
      change?: unknown;
    };
    if (!stored.source?.commit?.startsWith(entry.commit) || stored.change === undefined) {
      throw new Error(`${file}: not the change of ${entry.repo} ${entry.commit}`);
    }
    return { ...entry, change: stored.change };
  });
}
