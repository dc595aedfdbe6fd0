import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAttestorPolicy } from '@trustladder/core';
import {
  type FixtureOutcome,
  generateKyverno,
  KyvernoError,
  proveGenerated,
  runKyvernoTest,
  writeGeneratedFiles,
} from '@trustladder/kyverno';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { readInput, required } from '../read-input.js';

const USAGE = `Usage: trustladder kyverno generate --attestors FILE --out DIR
       trustladder kyverno test --dir DIR [--json]

  generate   write one ImageValidatingPolicy per tier that requires attestors, the blast-radius
             label and read-only observer ValidatingPolicies, kustomization.yaml and .kyverno-test
             fixtures into DIR (each file replaced whole; files an earlier run generated and this
             one does not are removed)
  test       run every DIR/.kyverno-test/**/kyverno-test.yaml through trustladder's admission
             simulator (CRD schemas, CEL, verification answered from trustladder-expectations.yaml);
             exit 1 when a result differs from the expected one`;

export const kyvernoCommand: Command = {
  name: 'kyverno',
  summary: 'generate the Kyverno admission policies from attestors.yaml, and test them offline',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'generate') return generate(rest, io);
    if (sub === 'test') return test(rest, io);
    throw new CliError('USAGE', sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`);
  },
};

async function generate(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: { attestors: { type: 'string' }, out: { type: 'string' } },
  });
  const file = required(values.attestors, 'attestors');
  const where = required(values.out, 'out');
  const out = resolve(io.cwd, where);
  const policy = loadAttestorPolicy(await readInput(file, io), { source: file });
  const generated = generateKyverno(policy);
  proveGenerated(generated.policies);
  const report = withOutputErrors(() => writeGeneratedFiles(out, generated.files));
  const p = paint(io);
  io.stdout(
    `${p.green('wrote')} ${generated.policies.length} policies and ${report.written.length - generated.policies.length} other files to ${where}` +
      `${report.removed.length > 0 ? `, removed ${report.removed.length} stale` : ''}\n` +
      `next: trustladder kyverno test --dir ${where} && kubectl apply -k ${where}\n`,
  );
  return EXIT_OK;
}

async function test(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: { dir: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const dir = resolve(io.cwd, required(values.dir, 'dir'));
  const tests = findTests(join(dir, '.kyverno-test'));
  if (tests.length === 0)
    throw new CliError('INPUT', `no kyverno-test.yaml under ${join(dir, '.kyverno-test')}`);
  const outcomes: Array<FixtureOutcome & { test: string }> = [];
  for (const t of tests) {
    const name = relative(dir, t);
    for (const o of withFixtureErrors(() => runKyvernoTest(t), name)) outcomes.push({ test: name, ...o });
  }
  const failed = outcomes.filter((o) => o.actual !== o.expected);
  if (values.json) {
    io.stdout(
      `${JSON.stringify({ passed: outcomes.length - failed.length, failed: failed.length, outcomes }, null, 2)}\n`,
    );
  } else {
    const p = paint(io);
    for (const o of failed) {
      io.stdout(
        `${p.red('FAIL')} ${o.test} ${o.policy} ${o.kind}/${o.resource}: expected ${o.expected}, got ${o.actual}${o.message ? ` (${o.message})` : ''}\n`,
      );
    }
    io.stdout(
      `${failed.length === 0 ? p.green('ok') : p.red('failed')} ${outcomes.length - failed.length}/${outcomes.length} fixture results in ${tests.length} tests\n`,
    );
  }
  return failed.length === 0 ? EXIT_OK : EXIT_DENIED;
}

function findTests(root: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name === 'kyverno-test.yaml') found.push(d);
    }
  };
  walk(root);
  return found;
}

function withOutputErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof KyvernoError) throw new CliError('INPUT', e.message, { cause: e });
    throw e;
  }
}

function withFixtureErrors<T>(run: () => T, name: string): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof KyvernoError) {
      const first = e.issues[0];
      throw new CliError(
        'INPUT',
        `${name}: ${e.message}${first ? ` (${first.path}: ${first.message})` : ''}`,
        { cause: e },
      );
    }
    throw e;
  }
}
