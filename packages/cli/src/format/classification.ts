import type { Classification, Tier } from '@trustladder/core';
import type { FactSource } from '@trustladder/core/node';
import type { Paint } from './colour.js';

const TIER_NAMES: Record<Tier, string> = {
  T0: 'non-blast',
  T1: 'contained',
  T2: 'cross-cutting',
  T3: 'irreversible',
};

export function tierLabel(tier: Tier, p: Paint): string {
  const colour = tier === 'T3' ? p.red : tier === 'T2' ? p.yellow : tier === 'T1' ? p.cyan : p.green;
  return p.bold(colour(tier));
}

function short(digest: string): string {
  return digest.replace(/^sha256:/, 'sha256:').slice(0, 19);
}

/** A few lines: the tier, the rules that decided it, their files and the missing facts. */
export function formatClassification(c: Classification, p: Paint): string {
  const lines = [
    `${tierLabel(c.tier, p)}  ${TIER_NAMES[c.tier]}  ${p.dim(`policy ${c.policy.name} ${short(c.policy.digest)}`)}`,
  ];
  const width = Math.max(0, ...c.matches.map((m) => m.rule.length));
  const shown = c.matches.filter((m) => m.tier === c.tier || m.state === 'true');
  for (const m of shown) {
    const state = m.state === 'true' ? p.bold('match  ') : p.yellow('unknown');
    lines.push(`  ${state} ${m.tier}  ${m.rule.padEnd(width)}  ${m.description}`);
    const facts = [
      ...(m.surfaces.length > 0
        ? [
            m.surfaces.slice(0, 5).join(', ') +
              (m.surfaces.length > 5 ? ` (+${m.surfaces.length - 5} more)` : ''),
          ]
        : []),
      ...(m.unknown.length > 0
        ? [p.yellow(`missing ${m.unknown.slice(0, 5).join(', ')}${m.unknown.length > 5 ? ' ...' : ''}`)]
        : []),
    ];
    if (facts.length > 0) lines.push(`           ${p.dim(facts.join('  ·  '))}`);
  }
  const hidden = c.matches.length - shown.length;
  if (hidden > 0)
    lines.push(p.dim(`  (${hidden} lower-tier rule(s) also matched or were unknown; --json lists all)`));
  if (c.reason === 'no files changed')
    lines.push('No files changed: the range changes nothing, so it is T0 (no rule or default applies).');
  else if (c.defaulted)
    lines.push(
      `No rule decided: the policy default applied${c.ambiguous ? ', raised by missing facts' : ''}.`,
    );
  else if (c.ambiguous)
    lines.push(p.yellow('Missing facts raised the tier (ambiguous): supply them to settle it.'));
  return `${lines.join('\n')}\n`;
}

/** One row per change (CHANGE, TIER, FLAGS, DECIDED BY): for the table of several inputs. */
export function classificationRow(name: string, c: Classification, p: Paint): string[] {
  const decided = c.matches.filter((m) => m.tier === c.tier);
  const rules = decided.map((m) => (m.state === 'true' ? m.rule : `${m.rule}?`)).join(', ');
  const flags = [c.defaulted ? 'default' : '', c.ambiguous ? 'ambiguous' : ''].filter(Boolean).join(',');
  const why = c.reason ?? (rules || p.dim('(policy default)'));
  return [name, tierLabel(c.tier, p), flags || '-', why];
}

/** Where the facts came from: one line per coverage and service fact, one for dependencies. */
export function formatFacts(facts: readonly FactSource[], p: Paint): string {
  const lines = [p.dim('Facts:')];
  let dependencies = 0;
  for (const f of facts) {
    if (f.fact.startsWith('/dependencies/')) {
      dependencies++;
      continue;
    }
    const value =
      f.value === null
        ? p.yellow('unknown')
        : f.fact === '/coverage'
          ? coverageText(f.value as { changedLines: number; coveredLines: number })
          : JSON.stringify(f.value);
    lines.push(`  ${f.fact} ${value}  ${p.dim(`from ${f.from.join(', ')}`)}`);
    if (f.untrusted && f.untrusted.length > 0)
      lines.push(`    ${p.yellow(`edited by the change itself, so not used: ${list(f.untrusted)}`)}`);
    if (f.notInReport && f.notInReport.length > 0)
      lines.push(`    ${p.dim(`not in any report (count for nothing): ${list(f.notInReport)}`)}`);
    if (f.unknownLines && f.unknownLines.length > 0)
      lines.push(`    ${p.yellow(`changed lines unknown: ${list(f.unknownLines)}`)}`);
    if (f.touched && f.touched.length !== 1)
      lines.push(`    ${p.dim(`services touched: ${list(f.touched) || 'none'}`)}`);
    if (f.outside && f.outside.length > 0 && f.touched && f.touched.length > 0)
      lines.push(`    ${p.dim(`in no service: ${list(f.outside)}`)}`);
    for (const [guard, origin] of Object.entries(f.guards ?? {}))
      lines.push(
        `    ${p.dim(`${guard}: ${origin.from.length > 0 ? `${origin.value} (${origin.from.join(', ')})` : 'not stated, not found'}`)}`,
      );
  }
  if (dependencies > 0)
    lines.push(`  ${p.dim(`${dependencies} dependency change(s) from manifests; --json lists each`)}`);
  return `${lines.join('\n')}\n`;
}

function coverageText(c: { changedLines: number; coveredLines: number }): string {
  if (c.changedLines === 0) return '0 changed lines (unknown ratio)';
  return `${c.coveredLines}/${c.changedLines} changed lines covered (${Math.floor((c.coveredLines / c.changedLines) * 100)}%)`;
}

function list(items: readonly string[]): string {
  return items.slice(0, 5).join(', ') + (items.length > 5 ? ` (+${items.length - 5} more)` : '');
}
