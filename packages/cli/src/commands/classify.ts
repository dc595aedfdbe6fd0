import { parseArgs } from 'node:util';
import {
  type Classification,
  type CompiledPolicy,
  DEFAULT_POLICY_TEXTS,
  defaultPolicySource,
  isTier,
  loadBlastRadiusPolicy,
  type Tier,
  tierRank,
} from '@trustladder/core';
import { changeFromGit } from '@trustladder/core/node';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { formatClassification, formatClassificationRow } from '../format/classification.js';
import { classificationMarkdown } from '../format/classification-markdown.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { readInput, readJsonInput } from '../read-input.js';
import { loadClassifier } from './classify-engine.js';
import { classifyPolicyDiff } from './classify-policy-diff.js';

const USAGE = `Usage: trustladder classify [--policy FILE] (--input CHANGE.json ... | --git BASE...HEAD [--repo DIR]) [--json]
                            [--engine ts|wasm] [--max-patch-bytes N] [--fail-above TIER] [--format text|markdown]
       trustladder classify --policy-diff OLD NEW (--input CHANGE.json ... | --git BASE...HEAD) [--json] [--format text|markdown]

  --policy FILE        blast-radius policy (default: the built-in policies/blast-radius.yaml)
  --input FILE         a change (schemas/change.schema.json); "-" reads standard input; repeat for a table
  --git RANGE          classify a git range (BASE...HEAD) of the repository in --repo (default: .)
  --json               print the classification (schemas/classification.schema.json); an array for several inputs
  --engine ts|wasm     the TypeScript engine (default) or the Rego policy compiled to WebAssembly
  --max-patch-bytes N  a patch over N characters makes content rules unknown (default 1048576)
  --fail-above TIER    exit 1 when a tier is above TIER (a CI gate)
  --format markdown    the PR summary: tier, deciding rules and files, missing facts, what the tier requires next
  --policy-diff OLD NEW  each change under both policies, and which move tier (exit 1 when any moves down)`;

// Changes can be large (a monorepo diff); their bound is higher than a policy file's.
const CHANGE_LIMITS = { maxBytes: 512 * 1024 * 1024, maxNodes: 20_000_000, maxDepth: 32 };

export const classifyCommand: Command = {
  name: 'classify',
  summary: 'classify a change into a tier T0..T3, with the rules and files that decided it',
  usage: USAGE,
  async run(args, io) {
    if (args.includes('--policy-diff')) return classifyPolicyDiff(args, io);
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        policy: { type: 'string' },
        input: { type: 'string', multiple: true },
        git: { type: 'string' },
        repo: { type: 'string' },
        json: { type: 'boolean', default: false },
        engine: { type: 'string', default: 'ts' },
        'max-patch-bytes': { type: 'string' },
        'fail-above': { type: 'string' },
        format: { type: 'string', default: 'text' },
      },
    });
    if (values.format !== 'text' && values.format !== 'markdown')
      throw new CliError('USAGE', '--format is text or markdown');
    const inputs = values.input ?? [];
    if (inputs.length > 0 === (values.git !== undefined))
      throw new CliError('USAGE', 'give either --input or --git');
    if (values.repo !== undefined && values.git === undefined)
      throw new CliError('USAGE', '--repo goes with --git');
    if (values.engine !== 'ts' && values.engine !== 'wasm')
      throw new CliError('USAGE', '--engine is ts or wasm');
    const failAbove = values['fail-above'];
    if (failAbove !== undefined && !isTier(failAbove))
      throw new CliError('USAGE', '--fail-above takes T0, T1, T2 or T3');
    const maxPatchLength = parsePositiveInt(values['max-patch-bytes'], 'max-patch-bytes');

    const policy = await loadPolicy(values.policy, io);
    const engine = await loadClassifier(values.engine);
    const options = maxPatchLength === undefined ? {} : { maxPatchLength };

    const results: Array<{ name: string; classification: Classification }> = [];
    if (values.git !== undefined) {
      const change = changeFromGit(values.git, { cwd: values.repo ?? io.cwd });
      results.push({
        name: values.git,
        classification: engine(policy, change, { ...options, source: `git ${values.git}` }),
      });
    } else {
      for (const file of inputs) {
        const change = await readJsonInput(file, io, CHANGE_LIMITS, 'the change');
        results.push({ name: file, classification: engine(policy, change, { ...options, source: file }) });
      }
    }
    if (values.format === 'markdown' && !values.json)
      io.stdout(results.map((r) => classificationMarkdown(r.classification, r.name)).join('\n---\n\n'));
    else print(results, values.json === true, io);
    const limit = failAbove as Tier | undefined;
    if (limit !== undefined && results.some((r) => tierRank(r.classification.tier) > tierRank(limit)))
      return EXIT_DENIED;
    return EXIT_OK;
  },
};

function parsePositiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0)
    throw new CliError('USAGE', `--${flag} takes a positive integer`);
  return Number(value);
}

async function loadPolicy(file: string | undefined, io: Io): Promise<CompiledPolicy> {
  if (file === undefined) {
    return loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius'], {
      source: defaultPolicySource('blast-radius'),
    });
  }
  return loadBlastRadiusPolicy(await readInput(file, io), { source: file });
}

function print(
  results: Array<{ name: string; classification: Classification }>,
  json: boolean,
  io: Io,
): void {
  if (json) {
    const value =
      results.length === 1
        ? results[0]?.classification
        : results.map((r) => ({ input: r.name, ...r.classification }));
    io.stdout(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  const p = paint(io);
  if (results.length === 1) {
    io.stdout(formatClassification((results[0] as { classification: Classification }).classification, p));
    return;
  }
  const width = Math.max(6, ...results.map((r) => r.name.length));
  io.stdout(p.bold(`${'CHANGE'.padEnd(width)}  TIER  ${'FLAGS'.padEnd(17)}  DECIDED BY (? = unknown)\n`));
  for (const r of results) io.stdout(formatClassificationRow(r.name, r.classification, width, p));
}
