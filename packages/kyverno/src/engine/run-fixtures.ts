import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { KyvernoError } from '../errors.js';
import { ADMISSION_CASES_FILE, FIXTURE_DIR, KYVERNO_TEST_FILE } from '../generate/fixtures/index.js';
import { type AdmissionCaseOutcome, runAdmissionCases } from './admission-cases.js';
import { type CliTestRow, runKyvernoCliTest } from './kyverno-cli-test.js';
import { KYVERNO_SETUP_HINT, type KyvernoTools } from './tools.js';

export interface FixtureReport {
  /** Rows of every kyverno-test.yaml, as the Kyverno CLI reported them. */
  readonly cli: readonly CliTestRow[];
  /** Every admission case, as Kyverno's engines decided it. */
  readonly admission: readonly AdmissionCaseOutcome[];
  readonly passed: number;
  readonly failed: number;
}

function findFiles(root: string, name: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name === name) found.push(join(dir, e.name));
    }
  };
  walk(root);
  return found;
}

// Runs every fixture under DIR/.kyverno-test with Kyverno's own engine: kyverno-test.yaml with
// the Kyverno CLI, admission-cases.yaml with trustladder-kyverno-admit. With no harness
// installed the admission cases cannot be judged, which is an error, not a pass.
export async function runFixtures(dir: string, tools: KyvernoTools): Promise<FixtureReport> {
  const root = join(dir, FIXTURE_DIR);
  const tests = findFiles(root, KYVERNO_TEST_FILE);
  const cases = findFiles(root, ADMISSION_CASES_FILE);
  if (tests.length + cases.length === 0) {
    throw new KyvernoError(
      'FIXTURE_INVALID',
      `no ${KYVERNO_TEST_FILE} or ${ADMISSION_CASES_FILE} under ${root}`,
    );
  }
  if (cases.length > 0 && tools.admit === undefined) {
    throw new KyvernoError(
      'ENGINE_MISSING',
      `${cases.length} ${ADMISSION_CASES_FILE} file(s) need trustladder-kyverno-admit, which is not installed: ${KYVERNO_SETUP_HINT}`,
    );
  }
  const cli: CliTestRow[] = [];
  for (const t of tests) cli.push(...(await runKyvernoCliTest(tools.cli, dirname(t), relative(dir, t))));
  const admission: AdmissionCaseOutcome[] = [];
  for (const c of cases)
    admission.push(...(await runAdmissionCases(tools.admit as string, c, relative(dir, c))));
  const failed =
    cli.filter((r) => !r.passed).length + admission.filter((a) => a.actual !== a.expected).length;
  return { cli, admission, passed: cli.length + admission.length - failed, failed };
}
