import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';

const ROOT = join(import.meta.dirname, '../../../..');

async function run(args: string[], cwd = ROOT) {
  const io = fakeIo({ cwd });
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
    expect(r.out).toContain('5 policies');
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

describe('trustladder kyverno test', () => {
  test('runs every fixture of kyverno/ through the simulator and exits 0', async () => {
    const r = await run(['test', '--dir', 'kyverno', '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result.failed).toBe(0);
    expect(result.passed).toBeGreaterThan(30);
  });

  test('exits 1 naming the resource when a fixture expectation does not hold', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trustladder-kyverno-'));
    cpSync(join(ROOT, 'kyverno'), dir, { recursive: true });
    const table = join(
      dir,
      '.kyverno-test/trustladder-t3-attestations/admission/trustladder-expectations.yaml',
    );
    // Take the human co-sign away from the good pod's images: the expected pass must now fail.
    writeFileSync(
      table,
      readFileSync(table, 'utf8')
        .replaceAll('- human-approval', '[]')
        .replace(/:\n\s+\[\]/g, ': []'),
    );
    const r = await run(['test', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL .*trustladder-t3-attestations Pod\/good-pod: expected pass, got fail/);
  });
});
