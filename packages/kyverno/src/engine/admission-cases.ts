import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatIssue, parseYaml } from '@trustladder/core';
import { KyvernoError } from '../errors.js';
import { runProcess } from './run-process.js';

// Runs an admission-cases.yaml (whole admission requests with the outcome Kyverno's webhook
// must give) through trustladder-kyverno-admit, which calls Kyverno's own engines.

/**
 * How Kyverno's engines answered: `allow` (admitted, and every policy that applied passed),
 * `deny` (refused by a failed check), `not-matched` (admitted because no policy applied), or
 * `error` (refused only because evaluation failed: fail-closed, but no proof of the policy's logic).
 */
export type AdmissionVerdict = 'allow' | 'deny' | 'not-matched' | 'error';
export const ADMISSION_VERDICTS: readonly AdmissionVerdict[] = ['allow', 'deny', 'not-matched', 'error'];

export interface AdmissionCaseOutcome {
  readonly test: string;
  readonly case: string;
  readonly expected: AdmissionVerdict;
  readonly actual: AdmissionVerdict;
  /** The policy results behind the decision: "policy/rule: status (message)". */
  readonly results: readonly string[];
}

interface CasesFile {
  readonly policies: readonly string[];
  readonly namespaces?: Readonly<Record<string, Record<string, string>>>;
  readonly cases: ReadonlyArray<{
    readonly name: string;
    readonly expect: AdmissionVerdict;
    readonly request: unknown;
  }>;
}

interface HarnessDecision {
  readonly uid: string;
  readonly allowed: boolean;
  readonly results: ReadonlyArray<{ policy: string; rule: string; status: string; message: string }>;
}

function verdict(d: HarnessDecision): AdmissionVerdict {
  if (d.allowed) return d.results.length === 0 ? 'not-matched' : 'allow';
  return d.results.some((r) => r.status === 'fail') ? 'deny' : 'error';
}

// Read with the project's bounded YAML loader (sizes, depth, aliases, duplicate keys), so a bad
// fixture is refused with its line and pointer like every other input.
function readCases(file: string): CasesFile {
  const parsed = parseYaml(readFileSync(file, 'utf8'));
  if (!parsed.ok) {
    const [first] = parsed.issues;
    throw new KyvernoError('FIXTURE_INVALID', first ? formatIssue(first, file) : `${file}: unreadable`, {
      issues: parsed.issues,
    });
  }
  const d = parsed.value.value as Partial<CasesFile> | null;
  if (
    d === null ||
    typeof d !== 'object' ||
    !Array.isArray(d.policies) ||
    !Array.isArray(d.cases) ||
    d.cases.some((c) => typeof c?.name !== 'string' || !ADMISSION_VERDICTS.includes(c.expect))
  ) {
    throw new KyvernoError(
      'FIXTURE_INVALID',
      `${file}: not an AdmissionCases document (policies, cases[].name/expect/request)`,
    );
  }
  return d as CasesFile;
}

/** Every case of one admission-cases.yaml, decided by Kyverno's engines. */
export async function runAdmissionCases(
  admit: string,
  file: string,
  test = file,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AdmissionCaseOutcome[]> {
  const doc = readCases(file);
  const input = {
    policies: doc.policies.map((p) => resolve(dirname(file), p)),
    namespaces: doc.namespaces ?? {},
    requests: doc.cases.map((c) => c.request),
  };
  const run = await runProcess(admit, [], { input: JSON.stringify(input), env });
  if (run.code !== 0) {
    throw new KyvernoError(
      'ENGINE_FAILED',
      `${test}: trustladder-kyverno-admit exited ${run.code}: ${run.stderr.trim()}`,
    );
  }
  let decisions: HarnessDecision[];
  try {
    decisions = JSON.parse(run.stdout) as HarnessDecision[];
  } catch (e) {
    throw new KyvernoError('ENGINE_FAILED', `${test}: unreadable harness output`, { cause: e });
  }
  if (!Array.isArray(decisions) || decisions.length !== doc.cases.length) {
    throw new KyvernoError(
      'ENGINE_FAILED',
      `${test}: the harness answered ${decisions?.length} of ${doc.cases.length} requests`,
    );
  }
  return doc.cases.map((c, i) => {
    const d = decisions[i] as HarnessDecision;
    return {
      test,
      case: c.name,
      expected: c.expect,
      actual: verdict(d),
      results: d.results.map(
        (r) => `${r.policy}/${r.rule}: ${r.status}${r.message ? ` (${r.message})` : ''}`,
      ),
    };
  });
}
