import { KyvernoError } from '../errors.js';
import { runProcess } from './run-process.js';

// Runs one kyverno-test.yaml directory with the Kyverno CLI (`kyverno test -o json`) and reads
// back its rows: one per expected result, passed when Kyverno's answer equals the expectation.

export interface CliTestRow {
  readonly test: string;
  readonly policy: string;
  readonly rule: string;
  readonly resource: string;
  readonly passed: boolean;
  /** Kyverno's reason: "Ok", or what it wanted and what it got. */
  readonly reason: string;
  readonly message: string;
}

interface JsonRow {
  readonly POLICY: string;
  readonly RULE: string;
  readonly RESOURCE: string;
  readonly RESULT: string;
  readonly REASON: string;
  readonly Message?: string;
}

// The CLI prints progress lines around the JSON; the JSON is the block from a line "[" to the
// last line "]" (or a line "[]").
function jsonBlock(stdout: string): JsonRow[] | undefined {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l === '[' || l === '[]');
  if (start < 0) return undefined;
  if (lines[start] === '[]') return [];
  const end = lines.lastIndexOf(']');
  if (end < start) return undefined;
  try {
    return JSON.parse(lines.slice(start, end + 1).join('\n')) as JsonRow[];
  } catch {
    return undefined;
  }
}

export async function runKyvernoCliTest(cli: string, dir: string, test: string): Promise<CliTestRow[]> {
  const run = await runProcess(
    cli,
    ['test', '.', '-o', 'json', '--detailed-results', '--remove-color', '--require-tests'],
    {
      cwd: dir,
    },
  );
  const rows = jsonBlock(run.stdout);
  if (rows === undefined || (rows.length === 0 && run.code !== 0)) {
    const said = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-5).join(' | ');
    throw new KyvernoError(
      'ENGINE_FAILED',
      `${test}: kyverno test exited ${run.code} without results: ${said}`,
    );
  }
  if (rows.length === 0) {
    throw new KyvernoError('FIXTURE_INVALID', `${test}: kyverno test checked no result`);
  }
  return rows.map((r) => ({
    test,
    policy: r.POLICY,
    rule: r.RULE,
    resource: r.RESOURCE,
    passed: r.RESULT === 'Pass',
    reason: r.REASON,
    message: r.Message ?? '',
  }));
}
