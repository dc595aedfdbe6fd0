import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateAgainst } from '@trustladder/core';
import { expectedPolicies } from '@trustladder/k8s';
import {
  deployment,
  FakeApiServer,
  type FakeApiServerOptions,
  installPolicies,
  namespace,
  pinned,
  pod,
} from '@trustladder/k8s/testing';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../main.js';
import { type FakeIo, fakeIo } from '../testing/fake-io.js';
import { makeObserveCommand, observeCommand } from './observe.js';

const ROOT = join(import.meta.dirname, '../../../..');
const servers: FakeApiServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function cluster(
  options: FakeApiServerOptions = {},
): Promise<{ fake: FakeApiServer; kubeconfig: string }> {
  const fake = await FakeApiServer.start(options);
  servers.push(fake);
  fake.put('namespaces', namespace('payments', 't3'));
  fake.put('namespaces', namespace('checkout', 't2'));
  fake.put('namespaces', namespace('docs', 't0'));
  fake.put('deployments', deployment('payments', 'api', { containers: [pinned('api')] }));
  fake.put('deployments', deployment('docs', 'site', { containers: ['nginx:1.27'] }));
  const { loadAttestorPolicy, DEFAULT_POLICY_TEXTS } = await import('@trustladder/core');
  installPolicies(fake, expectedPolicies(loadAttestorPolicy(DEFAULT_POLICY_TEXTS.attestors)));
  const dir = mkdtempSync(join(tmpdir(), 'tl-observe-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, fake.kubeconfig({ context: 'kind-acme' }));
  return { fake, kubeconfig };
}

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  const io = fakeIo({ cwd: ROOT, env });
  const code = await main(['observe', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

function expectReadOnly(fake: FakeApiServer): void {
  expect(fake.writes()).toEqual([]);
  expect(fake.reviews()).toHaveLength(1);
}

describe('trustladder observe', () => {
  test('a clean cluster: short human output, exit 0', async () => {
    const { fake, kubeconfig } = await cluster();
    const r = await run(['--kubeconfig', kubeconfig]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('RBAC        read-only');
    expect(r.out).toContain('checkout T2, docs T0, payments T3');
    expect(r.out).toMatch(/no findings\n$/);
    expect(r.out.split('\n').length).toBeLessThan(12);
    expectReadOnly(fake);
  });

  test('--json prints a report that satisfies its schema', async () => {
    const { kubeconfig } = await cluster();
    const r = await run(['--kubeconfig', kubeconfig, '--json']);
    const report = JSON.parse(r.out);
    expect(validateAgainst('observer-report', report)).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      cluster: { context: 'kind-acme' },
      attestors: { name: 'default' },
    });
  });

  test('--log adds what the ledger records: the trust level in a namespace, read only', async () => {
    const { fake, kubeconfig } = await cluster();
    const log = join(mkdtempSync(join(tmpdir(), 'tl-observe-log-')), 'ledger.db');
    const io = fakeIo({ cwd: ROOT });
    const set = ['trust-level', 'set', '--app', 'api', '--env', 'payments', '--level', '3', '--by', 'alice'];
    expect(
      await main(
        [...set, '--reason', 'dev deploys reviewed', '--log', log, '--at', '2026-05-01T00:00:00Z'],
        io,
      ),
    ).toBe(0);
    const r = await run(['--kubeconfig', kubeconfig, '--json', '--log', log]);
    expect(r.err).toBe('');
    const report = JSON.parse(r.out);
    expect(validateAgainst('observer-report', report)).toEqual([]);
    const payments = report.namespaces.find((n: { name: string }) => n.name === 'payments');
    expect(payments.ladder.trustLevel).toBe(3);
    expect(payments.ladder.notes.join(' ')).toContain('up to 3 DEPLOY-DEV');
    const docs = report.namespaces.find((n: { name: string }) => n.name === 'docs');
    expect(docs.ladder.trustLevel).toBe(0);
    expectReadOnly(fake);
  });

  test('--remediation-ladder without --log is a usage error', async () => {
    const r = await run(['--remediation-ladder', 'policies/remediation-ladder.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--remediation-ladder goes with --log/);
  });

  test('an unpinned image in a T3 namespace exits 1 and names the workload and image', async () => {
    const { fake, kubeconfig } = await cluster();
    fake.put(
      'pods',
      pod('payments', 'api-7d9f-x2', { containers: [pinned('api')], ephemeral: ['busybox:1.36'] }),
    );
    const r = await run(['--kubeconfig', kubeconfig]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /\n {4}payments T3 .*\n {6}Pod api-7d9f-x2\n {8}ephemeralContainer debugger-0 {2}busybox:1\.36\n/,
    );
    expect(r.out).toMatch(/1 finding\n$/);
  });

  test('drift exits 1', async () => {
    const { fake, kubeconfig } = await cluster();
    fake.remove('imagevalidatingpolicies', 'trustladder-t3-attestations');
    const r = await run(['--kubeconfig', kubeconfig, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).policies.drift).toEqual([
      { kind: 'ImageValidatingPolicy', name: 'trustladder-t3-attestations', change: 'missing', fields: [] },
    ]);
  });

  test('RBAC that grants the observer a write exits 1 with a warning', async () => {
    const { kubeconfig } = await cluster({ rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] });
    const r = await run(['--kubeconfig', kubeconfig]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('WRITES GRANTED: * *');
  });

  test('an unreachable server exits 2 with one line naming the server', async () => {
    const { fake, kubeconfig } = await cluster();
    await fake.close();
    const r = await run(['--kubeconfig', kubeconfig]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toHaveLength(2);
    expect(r.err).toContain(`cannot reach the cluster: ${fake.url}: `);
    expect(r.err).toContain('ECONNREFUSED');
  });

  test('reads $KUBECONFIG and --context; an unknown context is exit 2', async () => {
    const { fake, kubeconfig } = await cluster();
    expect((await run([], { KUBECONFIG: kubeconfig })).code).toBe(0);
    expect((await run(['--context', 'kind-acme'], { KUBECONFIG: kubeconfig })).code).toBe(0);
    const r = await run(['--context', 'prod'], { KUBECONFIG: kubeconfig });
    expect(r.code).toBe(2);
    expect(r.err).toBe(`trustladder observe: no context "prod" in ${kubeconfig}\n`);
    expect(fake.writes()).toEqual([]);
  });

  test('no kubeconfig anywhere and not in a cluster is exit 2, never localhost:8080', async () => {
    const r = await run([], { HOME: mkdtempSync(join(tmpdir(), 'tl-home-')) });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^trustladder observe: no kubeconfig/);
  });

  test('usage and input errors exit 2', async () => {
    expect((await run(['--bogus'])).code).toBe(2);
    const { kubeconfig } = await cluster();
    const r = await run(['--kubeconfig', kubeconfig, '--attestors', 'no/such/attestors.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no/such/attestors.yaml');
  });

  test('is listed by --help', async () => {
    const io = fakeIo();
    await main(['--help'], io);
    expect(io.out()).toContain(`observe`);
    expect(observeCommand.usage).toContain('--watch');
  });
});

describe('trustladder observe --watch', () => {
  async function until(io: FakeIo, test: (out: string) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test(io.out())) {
      if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${io.out()}\n${io.err()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  test('prints a report per change as JSON lines, stops on the signal, exits with the last report', async () => {
    const { fake, kubeconfig } = await cluster();
    const controller = new AbortController();
    let disposed = false;
    const command = makeObserveCommand({
      stopSignal: () => ({ signal: controller.signal, dispose: () => (disposed = true) }),
    });
    const io = fakeIo({ cwd: ROOT });
    const done = main(['observe', '--kubeconfig', kubeconfig, '--watch', '--json'], io, [command]);
    const lines = () => io.out().split('\n').filter(Boolean);
    await until(io, () => lines().length >= 1);
    await fake.waitForWatches(11);
    fake.put('deployments', deployment('checkout', 'cart', { containers: ['acme/cart:2.1'] }));
    await until(io, () => lines().length >= 2);
    const reports = lines().map((l) => JSON.parse(l));
    expect(reports.map((r) => r.ok)).toEqual([true, false]);
    for (const r of reports) expect(validateAgainst('observer-report', r)).toEqual([]);
    controller.abort();
    expect(await done).toBe(1);
    expect(disposed).toBe(true);
    expectReadOnly(fake);
    expect(fake.requests.filter((r) => r.query.watch === 'true').length).toBeGreaterThanOrEqual(11);
  });

  test('human output reprints on change and exits 0 when the last report is clean', async () => {
    const { fake, kubeconfig } = await cluster();
    const controller = new AbortController();
    const command = makeObserveCommand({
      stopSignal: () => ({ signal: controller.signal, dispose: () => {} }),
    });
    const io = fakeIo({ cwd: ROOT });
    const done = main(['observe', '--kubeconfig', kubeconfig, '--watch'], io, [command]);
    await until(io, (o) => o.includes('no findings'));
    await fake.waitForWatches(11);
    fake.put('namespaces', namespace('scratch', 'high'));
    await until(io, (o) => o.includes('scratch unknown'));
    expect(io.out()).toMatch(/\n-- \d{4}-\d{2}-\d{2}T/);
    controller.abort();
    expect(await done).toBe(0);
    expectReadOnly(fake);
  });
});
