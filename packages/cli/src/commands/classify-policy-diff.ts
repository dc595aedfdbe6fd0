import { parseArgs } from 'node:util';
import { diffPolicies, type PolicyDiff } from '@trustladder/core';
import { changeFromGit } from '@trustladder/core/node';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import { markdownTable } from '../format/markdown-table.js';
import { textTable } from '../format/table.js';
import type { Io } from '../io.js';
import { readChange } from './change-input.js';
import { policyFlag } from './policy-flag.js';

/**
 * `classify --policy-diff OLD NEW (--input CHANGE.json ... | --git RANGE)`: every change
 * classified under both policies, with the moves a human approving the policy change must
 * see. Exit 1 when any change moves down (the new policy asks less of it: a lowering is
 * read by a human before it lands), 0 otherwise.
 */
export async function classifyPolicyDiff(args: readonly string[], io: Io): Promise<number> {
  const at = args.indexOf('--policy-diff');
  const oldFile = args[at + 1];
  const newFile = args[at + 2];
  if (oldFile === undefined || newFile === undefined || oldFile.startsWith('--') || newFile.startsWith('--'))
    throw new CliError('USAGE', '--policy-diff takes two policy files: OLD NEW');
  const { values } = parseArgs({
    args: [...args.slice(0, at), ...args.slice(at + 3)],
    strict: true,
    allowPositionals: false,
    options: {
      input: { type: 'string', multiple: true },
      git: { type: 'string' },
      repo: { type: 'string' },
      json: { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
    },
  });
  const inputs = values.input ?? [];
  if (inputs.length > 0 === (values.git !== undefined))
    throw new CliError('USAGE', 'give either --input or --git');
  if (values.format !== 'text' && values.format !== 'markdown')
    throw new CliError('USAGE', '--format is text or markdown');
  const before = await policyFlag(oldFile, io);
  const after = await policyFlag(newFile, io);
  const changes =
    values.git !== undefined
      ? [{ name: values.git, change: changeFromGit(values.git, { cwd: values.repo ?? io.cwd }) }]
      : await Promise.all(
          inputs.map(async (name) => ({
            name,
            change: await readChange(name, io),
          })),
        );
  const diff = diffPolicies(before, after, changes);
  if (values.json) io.stdout(`${JSON.stringify(diff, null, 2)}\n`);
  else io.stdout(values.format === 'markdown' ? markdown(diff) : text(diff, io));
  return diff.moved.down > 0 ? EXIT_DENIED : EXIT_OK;
}

const HEAD = ['CHANGE', 'OLD', 'NEW', 'MOVE', 'OLD RULES', 'NEW RULES'];
const rows = (d: PolicyDiff) =>
  d.rows.map((r) => [
    r.input,
    r.before,
    r.after,
    r.move === 'same' ? '-' : r.move,
    r.beforeRules.join(', ') || '(default)',
    r.afterRules.join(', ') || '(default)',
  ]);
const summary = (d: PolicyDiff) =>
  `${d.rows.length} change(s): ${d.moved.up} up, ${d.moved.down} down, ${d.moved.same} unchanged (${d.before.digest.slice(0, 19)} -> ${d.after.digest.slice(0, 19)})`;

function text(d: PolicyDiff, io: Io): string {
  const p = paint(io);
  const [head, ...lines] = textTable(HEAD, rows(d)).split('\n');
  const body = lines.map((l, i) =>
    d.rows[i]?.move === 'down' ? p.red(l) : d.rows[i]?.move === 'up' ? p.yellow(l) : l,
  );
  return `${p.bold(summary(d))}\n${p.bold(head ?? '')}\n${body.join('\n')}`;
}

function markdown(d: PolicyDiff): string {
  return `## Policy change: its effect\n\n${summary(d)}\n\n${markdownTable(HEAD, rows(d))}`;
}
