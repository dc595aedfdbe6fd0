import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAttestorPolicy } from '@trustladder/core';
import {
  generateKyverno,
  KyvernoError,
  proveGenerated,
  requireKyvernoTools,
  runFixtures,
  writeGeneratedFiles,
} from '@trustladder/kyverno';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { readInput, required } from '../read-input.js';

const USAGE = `Usage: trustladder kyverno generate --attestors FILE --out DIR [--json]
       trustladder kyverno test --dir DIR [--json]

  generate   write one ImageValidatingPolicy per tier that requires attestors, the blast-radius
             label and read-only observer ValidatingPolicies, kustomization.yaml and .kyverno-test
             fixtures into DIR (each file replaced whole; files an earlier run generated and this
             one does not are removed)
  test       run every fixture under DIR/.kyverno-test with Kyverno's own engine: each
             kyverno-test.yaml with the Kyverno CLI (kyverno or kubectl-kyverno on PATH, or
             TRUSTLADDER_KYVERNO), each admission-cases.yaml with trustladder-kyverno-admit (on
             PATH, or TRUSTLADDER_KYVERNO_ADMIT); exit 1 when a result differs from the expected
             one, 2 when the engine is not installed (nothing is judged without it); --json prints
             every result (schemas/kyverno-test-report.schema.json)`;

export const kyvernoCommand: Command = {
  name: 'kyverno',
  summary: 'generate the Kyverno admission policies from attestors.yaml, and test them with Kyverno',
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
    options: {
      attestors: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const file = required(values.attestors, 'attestors');
  const where = required(values.out, 'out');
  const out = resolve(io.cwd, where);
  const policy = loadAttestorPolicy(await readInput(file, io), { source: file });
  const generated = generateKyverno(policy);
  proveGenerated(generated.policies);
  const report = withOutputErrors(() => writeGeneratedFiles(out, generated.files));
  if (values.json) {
    // schemas/kyverno-generate-result.schema.json
    const result = {
      out: where,
      policies: generated.policies.map((x) => x.metadata.name),
      written: report.written,
      removed: report.removed,
    };
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT_OK;
  }
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
  const report = await withEngineErrors(async () => runFixtures(dir, requireKyvernoTools(io.env)));
  if (values.json) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const p = paint(io);
    for (const r of report.cli.filter((r) => !r.passed)) {
      io.stdout(
        `${p.red('FAIL')} ${r.test} ${r.policy} ${r.resource}: ${r.reason}${r.message ? ` (${r.message})` : ''}\n`,
      );
    }
    for (const a of report.admission.filter((a) => a.actual !== a.expected)) {
      io.stdout(
        `${p.red('FAIL')} ${a.test} ${a.case}: expected ${a.expected}, Kyverno says ${a.actual} [${a.results.join('; ')}]\n`,
      );
    }
    io.stdout(
      `${report.failed === 0 ? p.green('ok') : p.red('failed')} ${report.passed}/${report.passed + report.failed} ` +
        `results by Kyverno's engine (${report.cli.length} from kyverno test, ${report.admission.length} admission cases)\n`,
    );
  }
  return report.failed === 0 ? EXIT_OK : EXIT_DENIED;
}

function withOutputErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof KyvernoError) throw new CliError('INPUT', e.message, { cause: e });
    throw e;
  }
}

async function withEngineErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof KyvernoError) throw new CliError('INPUT', e.message, { cause: e });
    throw e;
  }
}
