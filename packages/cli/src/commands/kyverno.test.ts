import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { validateAgainst } from '@trustladder/core';
import { findKyvernoTools } from '@trustladder/kyverno';
import { describe, expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';

const ROOT = join(import.meta.dirname, '../../../..');

async function run(args: string[], cwd = ROOT, env: Record<string, string | undefined> = process.env) {
  const io = fakeIo({ cwd, env });
  const code = await main(['kyverno', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('trustladder kyverno generate', () => {
  test('writes what is committed in kyverno/ for policies/attestors.yaml', async () => {
    const out = mkdtempSync(join(tmpdir(), 'trustladder-kyverno-'));
    const r = await run(['generate', '--attestors', 'policies/attestors.yaml', '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('8 policies');
    expect(files(out)).toEqual(files(join(ROOT, 'kyverno')));
  });

  test('a bad attestors file is one line on stderr naming the file and pointer, exit 2, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trustladder-kyverno-'));
    const text = readFileSync(join(ROOT, 'policies/attestors.yaml'), 'utf8').replace(
      "subjectRegExp: '^https",
      "subjectRegExp: 'https",
    );
    writeFileSync(join(dir, 'attestors.yaml'), text);
    const r = await run(['generate', '--attestors', 'attestors.yaml', '--out', 'out'], dir);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/attestors\.yaml:\d+:\d+ \/attestors\/0\/subjectRegExp: .*\[regexp_not_anchored\]/);
    expect(readdirSync(dir)).toEqual(['attestors.yaml']);
  });

  test('missing flags and unknown subcommands are usage errors', async () => {
    expect((await run(['generate', '--out', 'x'])).code).toBe(2);
    expect((await run(['generate', '--attestors', 'policies/attestors.yaml'])).code).toBe(2);
    expect((await run(['apply'])).code).toBe(2);
    expect((await run([])).code).toBe(2);
  });
});

// The real engine is built by scripts/setup.sh; in CI a missing engine fails rather than skips.
const engine = findKyvernoTools()?.admit !== undefined || process.env.CI === 'true';

describe.runIf(engine)('trustladder kyverno test (the real Kyverno CLI and admission harness)', () => {
  test('runs every fixture of kyverno/ with Kyverno and exits 0', async () => {
    const r = await run(['test', '--dir', 'kyverno', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    // The --json convention (json-outputs.test.ts): the report follows its schema.
    expect(validateAgainst('kyverno-test-report', result)).toEqual([]);
    expect(result.failed).toBe(0);
    expect(result.cli.length).toBeGreaterThan(40);
    expect(result.admission.length).toBeGreaterThan(20);
  }, 300_000);

  test('exits 1 naming the case when Kyverno disagrees with a fixture', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trustladder-kyverno-'));
    cpSync(join(ROOT, 'kyverno'), dir, { recursive: true });
    const transitions = join(
      dir,
      '.kyverno-test/trustladder-blast-radius-label/transitions/admission-cases.yaml',
    );
    // Claim that a developer may lower a t3 namespace to t1: Kyverno must say otherwise.
    writeFileSync(
      transitions,
      readFileSync(transitions, 'utf8').replace(/(- name: lower-t3-to-t1\n\s+expect:) deny/, '$1 allow'),
    );
    const create = join(dir, '.kyverno-test/trustladder-blast-radius-label/create/kyverno-test.yaml');
    writeFileSync(
      create,
      readFileSync(create, 'utf8').replace(/- ns-invalid\n(\s+)result: fail/, '- ns-invalid\n$1result: pass'),
    );
    const r = await run(['test', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /FAIL .*transitions\/admission-cases\.yaml lower-t3-to-t1: expected allow, Kyverno says deny/,
    );
    expect(r.out).toMatch(/FAIL .*create\/kyverno-test\.yaml trustladder-blast-radius-label .*ns-invalid/);
  }, 300_000);
});

describe('trustladder kyverno test without the engine', () => {
  test('says plainly that the Kyverno CLI is not installed, exit 2, and judges nothing', async () => {
    const r = await run(['test', '--dir', 'kyverno'], ROOT, { PATH: '/nonexistent' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the Kyverno CLI is not installed .*scripts\/setup\.sh kyverno/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
  });
});
