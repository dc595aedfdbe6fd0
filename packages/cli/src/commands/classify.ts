import { parseArgs } from 'node:util';
import {
  type Classification,
  type CompiledPolicy,
  defaultBlastRadiusPolicy,
  emptyChangeClassification,
  isTier,
  isTrustladderError,
  loadBlastRadiusPolicy,
  type Tier,
  tierRank,
} from '@trustladder/core';
import type { FactFiles, FactSource } from '@trustladder/core/node';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { classificationRow, formatClassification, formatFacts } from '../format/classification.js';
import { classificationMarkdown } from '../format/classification-markdown.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { readInput, readJsonInput } from '../read-input.js';
import { loadClassifier } from './classify-engine.js';

const USAGE = `Usage: trustladder classify [--policy FILE] (--input CHANGE.json ... | --git BASE...HEAD [--repo DIR]) [--json]
                            [--engine ts|wasm] [--max-patch-bytes N] [--fail-above TIER] [--format text|markdown]
                            [--coverage REPORT ...] [--services CATALOG ... [--discover]]
                            [--dependency-facts FILE] [--facts FILE ...]
       trustladder classify --policy-diff OLD NEW (--input CHANGE.json ... | --git BASE...HEAD) [--json] [--format text|markdown]

  --policy FILE        blast-radius policy (default: the built-in policies/blast-radius.yaml)
  --input FILE         a change (schemas/change.schema.json); "-" reads standard input; repeat for a table
  --git RANGE          classify a git range (BASE...HEAD) of the repository in --repo (default: .)
  --json               print the classification (schemas/classification.schema.json); an array for several inputs
  --engine ts|wasm     the TypeScript engine (default) or the Rego policy compiled to WebAssembly
  --max-patch-bytes N  a patch over N characters makes content rules unknown (default 1048576)
  --fail-above TIER    exit 1 when a tier is above TIER (a CI gate)
  --format markdown    the PR summary: tier, deciding rules and files, missing facts, what the tier requires next
  --policy-diff OLD NEW  each change under both policies, and which move tier (exit 1 when any moves down)

Facts from the tools CI already runs (docs/facts.md); each one's source is listed in the result:
  --coverage REPORT    a coverage report (lcov, Cobertura XML, Go cover profile, Istanbul JSON), repeatable:
                       sets coverage over the lines the change adds or modifies
  --services CATALOG   a service catalog (schemas/service-catalog.schema.json) or Backstage catalog-info.yaml,
                       repeatable: sets service when the change lies in exactly one service
  --discover           with --services: find guards in Flagger Canary, OpenSLO, Sloth and OpenFeature manifests
  --dependency-facts FILE  allowlist and scores for dependency changes (schemas/dependency-facts.schema.json)
  --facts FILE         a JSON object of pointer -> fact (e.g. {"/data/rowsAffected": 2500000}), repeatable`;

// Changes can be large (a monorepo diff); their bound is higher than a policy file's.
const CHANGE_LIMITS = { maxBytes: 512 * 1024 * 1024, maxNodes: 20_000_000, maxDepth: 32 };

export const classifyCommand: Command = {
  name: 'classify',
  summary: 'classify a change into a tier T0..T3, with the rules and files that decided it',
  usage: USAGE,
  async run(args, io) {
    if (args.includes('--policy-diff'))
      return (await import('./classify-policy-diff.js')).classifyPolicyDiff(args, io);
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
        coverage: { type: 'string', multiple: true },
        services: { type: 'string', multiple: true },
        discover: { type: 'boolean', default: false },
        'dependency-facts': { type: 'string' },
        facts: { type: 'string', multiple: true },
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
    if (values.discover && (values.services ?? []).length === 0)
      throw new CliError('USAGE', '--discover goes with --services');
    const factFiles: FactFiles = {
      coverage: values.coverage ?? [],
      services: values.services ?? [],
      discover: values.discover === true,
      ...(values['dependency-facts'] === undefined ? {} : { dependencyFacts: values['dependency-facts'] }),
      facts: values.facts ?? [],
    };

    // @trustladder/core/node (git, and the fact readers with their XML, TOML and Dockerfile
    // parsers) is loaded only when a flag needs it: a plain --input does not (issue 16).
    const factFlag = [values.coverage, values.services, values['dependency-facts'], values.facts].some(
      (v) => v !== undefined,
    );
    const node = values.git !== undefined || factFlag ? await import('@trustladder/core/node') : undefined;
    const policy = await loadPolicy(values.policy, io);
    const engine = await loadClassifier(values.engine);
    const options = maxPatchLength === undefined ? {} : { maxPatchLength };

    const results: Array<{ name: string; classification: Classified }> = [];
    const json = values.json === true;
    if (values.git !== undefined && node !== undefined) {
      const { readGitRange, applyFacts } = node;
      const range = values.git;
      const { change, facts, empty } = orJsonError(json, io, () => {
        const read = readGitRange(range, { cwd: values.repo ?? io.cwd });
        return {
          ...applyFacts(read.change, factFiles, {
            cwd: io.cwd,
            top: read.top,
            dependencies: read.dependencies,
          }),
          // A range that changes no file changes nothing: T0 with the reason, not the default.
          empty: read.change.files.length === 0,
        };
      });
      results.push({
        name: range,
        classification: empty
          ? emptyChangeClassification(policy)
          : withFacts(engine(policy, change, { ...options, source: `git ${range}` }), facts),
      });
    } else {
      for (const file of inputs) {
        const input = await readJsonInput(file, io, CHANGE_LIMITS, 'the change');
        const { change, facts } = node?.hasFactFiles(factFiles)
          ? // A change file's paths are relative to the repository root: the directory classify runs in.
            orJsonError(json, io, () => node.applyFacts(input, factFiles, { cwd: io.cwd, top: io.cwd }))
          : { change: input, facts: [] };
        results.push({
          name: file,
          classification: withFacts(engine(policy, change, { ...options, source: file }), facts),
        });
      }
    }
    if (values.format === 'markdown' && !values.json)
      io.stdout(results.map((r) => classificationMarkdown(r.classification, r.name)).join('\n---\n\n'));
    else await print(results, json, io);
    const limit = failAbove as Tier | undefined;
    if (limit !== undefined && results.some((r) => tierRank(r.classification.tier) > tierRank(limit)))
      return EXIT_DENIED;
    return EXIT_OK;
  },
};

type Classified = Classification & { readonly facts?: readonly FactSource[] };

// The result lists the facts that came from outside the change (schemas/classification.schema.json#/properties/facts).
function withFacts(classification: Classification, facts: readonly FactSource[]): Classified {
  return facts.length === 0 ? classification : { ...classification, facts };
}

// With --json, a change or fact that cannot be read (git fails on a bad range or a missing
// blob, a report is malformed) is also printed as a JSON error object on standard output,
// so a CI step that parses the output sees the failure, not an empty document. The error is
// then rethrown: one line on stderr and exit 2, as always.
function orJsonError<T>(json: boolean, io: Io, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (json && isTrustladderError(e)) {
      const error = {
        code: e.code,
        message: e.message,
        ...(e.source === undefined ? {} : { source: e.source }),
        issues: e.issues,
      };
      io.stdout(`${JSON.stringify({ error }, null, 2)}\n`);
    }
    throw e;
  }
}

function parsePositiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0)
    throw new CliError('USAGE', `--${flag} takes a positive integer`);
  return Number(value);
}

async function loadPolicy(file: string | undefined, io: Io): Promise<CompiledPolicy> {
  // The default, precompiled at build time: a cold start skips its YAML and compilation.
  if (file === undefined) return defaultBlastRadiusPolicy();
  return loadBlastRadiusPolicy(await readInput(file, io), { source: file });
}

async function print(
  results: Array<{ name: string; classification: Classified }>,
  json: boolean,
  io: Io,
): Promise<void> {
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
    const only = (results[0] as { classification: Classified }).classification;
    io.stdout(formatClassification(only, p));
    if (only.facts !== undefined) io.stdout(formatFacts(only.facts, p));
    return;
  }
  // The table library is loaded for a table only: one change prints none (issue 16).
  const { textTable } = await import('../format/table.js');
  const head = ['CHANGE', 'TIER', 'FLAGS', 'DECIDED BY (? = unknown)'].map(p.bold);
  io.stdout(
    textTable(
      head,
      results.map((r) => classificationRow(r.name, r.classification, p)),
    ),
  );
}
