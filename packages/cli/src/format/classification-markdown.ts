import type { Classification, Tier } from '@trustladder/core';
import { markdownTable } from './markdown-table.js';

// What each tier asks for before the change goes on (DESIGN.md: the dispatch and review
// gates, admission). The same words in the job summary and in a bot's PR comment.
const NEXT: Record<Tier, readonly string[]> = {
  T0: ['Nothing more: an agent may merge on green CI.'],
  T1: ['Review as usual: an agent needs ceiling T1 on the task class to do this alone.'],
  T2: [
    'A human **interface approval** (an `interface-approval` attestation) before dispatch and merge.',
    'An agent needs ceiling T2 on the task class.',
  ],
  T3: [
    'A human **co-sign** (a `human-approval` attestation) on this change, and a named human driver: the agent only assists.',
    'In the cluster, `blast-radius: t3` namespaces admit only images with the agent-build and human-approval attestations.',
  ],
};

const TIER_NAMES: Record<Tier, string> = {
  T0: 'non-blast',
  T1: 'contained',
  T2: 'cross-cutting',
  T3: 'irreversible',
};

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const list = (xs: readonly string[], max = 8) =>
  xs.length === 0
    ? '-'
    : xs.slice(0, max).map(code).join(', ') + (xs.length > max ? ` (+${xs.length - max} more)` : '');

/**
 * The classification as GitHub Markdown: the tier, the deciding rules with their files and
 * missing facts, and what the tier requires next. Written to the job summary by action.yml,
 * and what a bot posts as the PR comment. `title` names the change (a git range, a file).
 */
export function classificationMarkdown(c: Classification, title: string): string {
  const deciding = c.matches.filter((m) => m.tier === c.tier);
  const others = c.matches.length - deciding.length;
  const missing = [...new Set(c.matches.flatMap((m) => m.unknown))].sort();
  const out = [
    `## trustladder: ${c.tier} (${TIER_NAMES[c.tier]})`,
    '',
    `${code(title)} under policy ${code(c.policy.name)} ${code(c.policy.digest.slice(0, 19))}`,
    '',
  ];
  if (c.reason === 'no files changed')
    out.push('No files changed: the range changes nothing, so it is T0 (no rule or default applies).', '');
  else if (deciding.length === 0) out.push('No rule decided: the policy default applied.', '');
  else
    out.push(
      markdownTable(
        ['Rule', 'Tier', 'State', 'Files', 'Missing facts'],
        deciding.map((m) => [
          code(m.rule),
          m.tier,
          m.state === 'true' ? 'match' : 'unknown',
          list(m.surfaces),
          list(m.unknown, 5),
        ]),
      ),
    );
  if (others > 0) out.push(`${others} lower-tier rule(s) also matched or were unknown.`, '');
  if (c.ambiguous)
    out.push(
      `**Missing facts raised the tier** (${list(missing)}): supply them (coverage, service, patches) to settle it.`,
      '',
    );
  out.push(`### What ${c.tier} requires next`, '', ...NEXT[c.tier].map((n) => `- ${n}`), '');
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}`;
}
