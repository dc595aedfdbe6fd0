import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateAgainst } from '@trustladder/core';
import { describe, expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';

const ROOT = join(import.meta.dirname, '../../../..');

async function run(args: string[], options: { stdin?: string; cwd?: string } = {}) {
  const io = fakeIo({
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    cwd: options.cwd ?? ROOT,
  });
  const code = await main(['approval', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const example = (name: string) => `examples/approval/${name}.json`;

describe('trustladder approval', () => {
  test('exits 0 and prints the decision as JSON when nothing requires approval', async () => {
    const r = await run(['--input', example('01-restart-pod-staging'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ requireApproval: false, reasons: [] });
    expect(validateAgainst('approval-result', JSON.parse(r.out))).toEqual([]);
  });

  test('exits 1 with the reasons when approval is required (DESIGN.md example)', async () => {
    const r = await run(['--input', example('02-restart-pod-production'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({
      requireApproval: true,
      reasons: ['production environment "Production": workflow is not trusted for production'],
    });
    expect(r.err).toBe('');
  });

  test('--data trusts a production workflow', async () => {
    const args = ['--input', example('03-crashloop-rollback-production'), '--json'];
    expect((await run(args)).code).toBe(1);
    const trusted = await run([...args, '--data', 'examples/approval/trusted-production.yaml']);
    expect(trusted.code).toBe(0);
    expect(JSON.parse(trusted.out)).toEqual({ requireApproval: false, reasons: [] });
  });

  test('every example decides with the result schema and sets the exit code from it', async () => {
    const files = readdirSync(join(ROOT, 'examples/approval')).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    // The last two examples are malformed on purpose (no target; confidence as text).
    const malformed = ['07-missing-target.json', '08-confidence-as-text.json'];
    for (const file of files) {
      const input = JSON.parse(readFileSync(join(ROOT, 'examples/approval', file), 'utf8'));
      expect(validateAgainst('approval-input', input).length === 0, file).toBe(!malformed.includes(file));
      const r = await run(['--input', `examples/approval/${file}`, '--json']);
      const decision = JSON.parse(r.out);
      expect(validateAgainst('approval-result', decision), file).toEqual([]);
      expect(r.code, file).toBe(decision.requireApproval ? 1 : 0);
    }
  });

  test('human output names each reason', async () => {
    const r = await run(['--input', example('05-resize-statefulset-production')]);
    expect(r.code).toBe(1);
    expect(r.out.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(2);
    const ok = await run(['--input', example('01-restart-pod-staging')]);
    expect(ok.out).toMatch(/^auto-approved/);
  });

  test('reads standard input for -', async () => {
    const r = await run(['--input', '-', '--json'], { stdin: 'null' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).reasons).toContain('the input is not an object');
  });

  test('an input the policy cannot judge requires approval (exit 1), not a usage error', async () => {
    const r = await run(['--input', '-', '--json'], { stdin: '{"environment": "staging"}' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).reasons).toEqual(['confidence is missing', 'remediation_target is missing']);
  });

  test('input that is not JSON is exit 2 with one line naming the file', async () => {
    const r = await run(['--input', '-'], { stdin: '{"environment": ' });
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  test('a missing input file is exit 2', async () => {
    const r = await run(['--input', 'no/such/file.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no/such/file.json');
  });

  test('invalid data is exit 2 naming the data file and the JSON pointer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trustladder-approval-'));
    writeFileSync(
      join(dir, 'data.yaml'),
      'productionEnvironments: [prod]\nsensitiveKinds: []\nconfidenceThreshold: 2\ntrustedProductionWorkflows: []\n',
    );
    writeFileSync(join(dir, 'in.json'), '{}');
    const r = await run(['--input', 'in.json', '--data', 'data.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toContain('data.yaml');
    expect(r.err).toContain('/confidenceThreshold');
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  test('--input is required', async () => {
    const r = await run(['--json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--input');
  });

  test('unknown flags are a usage error', async () => {
    expect((await run(['--input', example('01-restart-pod-staging'), '--yes'])).code).toBe(2);
  });
});
