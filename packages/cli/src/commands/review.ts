import { parseArgs } from 'node:util';
import { type ReviewResult, reviewGate } from '@trustladder/attest';
import { canonicalDigest, loadAttestorPolicy, loadDocument, type ReviewInput } from '@trustladder/core';
import { changeFromGit } from '@trustladder/core/node';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { readBlastRadiusPolicy, readInput, readJsonInput, required, timeFlag } from '../read-input.js';
import { BUNDLE_LIMITS, readTrustMaterial } from '../read-trust-material.js';

const USAGE = `Usage: trustladder review check --input REVIEW.json [--change CHANGE.json | --git BASE...HEAD [--repo DIR]]
                                --attestors FILE --trusted-root ROOT.json [--policy FILE]
                                [--bundle BUNDLE.json ...] [--at TIME] [--json]
       trustladder review digest --input CHANGE.json [--json]

  check    the review gate. It classifies the change itself (from pr.change in the input, --change
           or --git) and checks that it is the change pr.changeDigest names; a classification in
           the input is only cross-checked. T0/T1 pass on CI; T2 needs a verified interface
           approval bound to the task, tier, change, repository and policy; T3 is never approved
           here and goes to a human; a change above its task's tier is blocked.
           Exit 0 pass, 1 blocked or handed to a human, 2 bad input.
    --input FILE         the pull request and its task (schemas/review-input.schema.json)
    --change FILE        the change (schemas/change.schema.json), when the input has no pr.change
    --git RANGE          read the change from git (BASE...HEAD) in --repo (default: .)
    --attestors FILE     policies/attestors.yaml
    --trusted-root FILE  Sigstore trusted root JSON; verification is fully offline
    --policy FILE        the blast-radius policy (default: the built-in one); approvals name its digest
    --bundle FILE        a Sigstore bundle (an approval attestation); repeat for several
    --at TIME            judge approvals as of this RFC 3339 time (default: now); never before
                         an approval's signature
    --json               print the result (schemas/review-result.schema.json)
  digest   print the sha256 of a change's canonical JSON: the changeDigest approvals name`;

export const reviewCommand: Command = {
  name: 'review',
  summary: 'the review gate: verify approval attestations of a pull request, offline',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'check') return check(rest, io);
    if (sub === 'digest') return digest(rest, io);
    throw new CliError('USAGE', sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`);
  },
};

async function check(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      input: { type: 'string' },
      change: { type: 'string' },
      git: { type: 'string' },
      repo: { type: 'string' },
      attestors: { type: 'string' },
      'trusted-root': { type: 'string' },
      policy: { type: 'string' },
      bundle: { type: 'string', multiple: true },
      at: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const inputFile = required(values.input, 'input');
  const attestorsFile = required(values.attestors, 'attestors');
  const rootFile = required(values['trusted-root'], 'trusted-root');
  const at = values.at === undefined ? undefined : timeFlag(values.at, 'at');
  if (values.repo !== undefined && values.git === undefined)
    throw new CliError('USAGE', '--repo goes with --git');
  const input = loadDocument(await readInput(inputFile, io), 'review-input', {
    source: inputFile,
    format: 'json',
  }).value as ReviewInput;
  const change = await readChange(input, values, io);
  const policy = await readBlastRadiusPolicy(values.policy, io);
  const attestors = loadAttestorPolicy(await readInput(attestorsFile, io), { source: attestorsFile });
  const trust = await readTrustMaterial(rootFile, io);
  const bundles: unknown[] = [];
  for (const file of values.bundle ?? [])
    bundles.push(await readJsonInput(file, io, BUNDLE_LIMITS, 'the file'));
  // The change from --change or --git is not validated yet: it goes in as untrusted input,
  // which the gate checks and classifies (fails closed) like any other.
  const pr: unknown = { ...input.pr, change };
  const result = reviewGate(pr, input.task, bundles, {
    attestors,
    trust,
    policy,
    ...(at === undefined ? {} : { at }),
  });
  if (values.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout(format(result, values.bundle ?? [], io));
  return result.decision === 'pass' ? EXIT_OK : EXIT_DENIED;
}

// The change comes from exactly one place: the input's pr.change, --change or --git.
async function readChange(
  input: ReviewInput,
  values: { change?: string | undefined; git?: string | undefined; repo?: string | undefined },
  io: Io,
): Promise<unknown> {
  const sources = [input.pr.change !== undefined, values.change !== undefined, values.git !== undefined];
  if (sources.filter(Boolean).length !== 1)
    throw new CliError('USAGE', 'give the change once: pr.change in the input, --change or --git');
  if (values.change !== undefined) return readJsonInput(values.change, io, BUNDLE_LIMITS, 'the change');
  if (values.git !== undefined) return changeFromGit(values.git, { cwd: values.repo ?? io.cwd });
  return input.pr.change;
}

async function digest(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: { input: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const file = required(values.input, 'input');
  const changeDigest = canonicalDigest(await readJsonInput(file, io, BUNDLE_LIMITS, 'the file'));
  // schemas/review-digest.schema.json
  if (values.json) io.stdout(`${JSON.stringify({ input: file, changeDigest }, null, 2)}\n`);
  else io.stdout(`${changeDigest}\n`);
  return EXIT_OK;
}

function format(r: ReviewResult, files: readonly string[], io: Io): string {
  const p = paint(io);
  const verdict =
    r.decision === 'pass'
      ? p.green('pass')
      : r.decision === 'human'
        ? p.yellow('human review')
        : p.red('blocked');
  const asOf = r.asOf ? `  as of ${r.at}` : '';
  const lines = [`${verdict}  ${r.tier}  task ${r.taskId}${asOf}`];
  for (const reason of r.reasons) lines.push(`  ${reason.code}: ${reason.message}`);
  for (const x of r.refused)
    lines.push(`  ${p.red('refused')} ${files[x.index] ?? `#${x.index}`}: ${x.code} ${p.dim(x.message)}`);
  return `${lines.join('\n')}\n`;
}
