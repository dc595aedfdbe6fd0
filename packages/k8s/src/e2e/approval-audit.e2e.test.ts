import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsomorphicFetchHttpLibrary, type RequestContext } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadKubeConfig } from '../client/load-kube-config.js';
import { ReadOnlyClient } from '../client/read-only-client.js';
import { readPolicyReports } from '../reports/policy-reports.js';
import type { ControlPlane } from '../testing/control-plane/index.js';
import {
  APPLY,
  e2eBinaries,
  installKyvernoCrds,
  kubectlOk,
  namespaceManifest,
  ROOT,
  serviceAccountToken,
  startE2eControlPlane,
  trustladder,
} from './e2e-environment.js';

// `trustladder audit approvals --cluster` against a real kube-apiserver with Kyverno's
// PolicyReport CRDs: the reports are fixtures (what Kyverno's reports controller writes), read
// in pages with the observer's bound token under deploy/observer's RBAC; the approvals are the
// Sigstore bundles shipped in examples/failure-modes/approvals (examples/attestation/generate.mjs).

const binaries = e2eBinaries();
const OBSERVER = { namespace: 'trustladder-system', name: 'trustladder-observer' } as const;
const hex = (h: string) => `sha256:${h.repeat(32)}`;
const APPROVED = hex('a1'); // co-signed by task-2026-1090.sigstore.json (verifies)
const FORGED = hex('d4'); // "co-signed" only by task-2026-1095-forged.sigstore.json
const PASS_AT = 1_795_773_600; // 2026-11-24T08:00:00Z

function policyReport(name: string, pod: string, result: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'PolicyReport',
    metadata: { name, namespace: 'payments' },
    scope: { apiVersion: 'v1', kind: 'Pod', name: pod, namespace: 'payments' },
    summary: { pass: 1, fail: 0, warn: 0, error: 0, skip: 0 },
    results: [
      {
        source: 'KyvernoImageValidatingPolicy',
        scored: true,
        timestamp: { seconds: PASS_AT, nanos: 0 },
        ...result,
      },
    ],
  };
}
const admitted = (image: string) => ({
  policy: 'trustladder-t3-attestations',
  result: 'pass',
  properties: { image: `ghcr.io/acme/payments-api@${image}` },
});

describe.skipIf(binaries === undefined)('the approval audit on PolicyReports of a real API server', () => {
  const bin = binaries as NonNullable<typeof binaries>;
  let plane: ControlPlane;
  let observerKubeconfig: string;
  let dir: string;
  let approvals: string;

  beforeAll(async () => {
    plane = await startE2eControlPlane(bin);
    await installKyvernoCrds(bin, plane);
    await kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '-k', 'deploy/observer']);
    await kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '-f', '-'], namespaceManifest('payments', 't3'));
    const reports = [
      policyReport('api-1', 'api-1', admitted(APPROVED)),
      policyReport('api-2', 'api-2', admitted(FORGED)),
      // Not admissions: a failed check, another policy, a T1 pass (T1 needs no human approval).
      policyReport('api-3', 'api-3', { ...admitted(FORGED), result: 'fail' }),
      policyReport('api-4', 'api-4', { policy: 'trustladder-blast-radius-label', result: 'pass' }),
      policyReport('api-5', 'api-5', { ...admitted(FORGED), policy: 'trustladder-t1-attestations' }),
      {
        apiVersion: 'wgpolicyk8s.io/v1alpha2',
        kind: 'ClusterPolicyReport',
        metadata: { name: 'namespaces' },
        results: [
          {
            policy: 'trustladder-blast-radius-label',
            result: 'pass',
            timestamp: { seconds: PASS_AT, nanos: 0 },
          },
        ],
      },
    ];
    await kubectlOk(
      bin,
      plane.adminKubeconfig,
      [...APPLY, '-f', '-'],
      reports.map((r) => JSON.stringify(r)).join('\n---\n'),
    );
    const token = await serviceAccountToken(bin, plane, OBSERVER.namespace, OBSERVER.name);
    observerKubeconfig = plane.writeKubeconfig('observer', token, OBSERVER.namespace);
    dir = mkdtempSync(join(tmpdir(), 'tl-audit-e2e-'));
    approvals = join(dir, 'approvals.json');
    const bundle = (name: string) => join(ROOT, 'examples/failure-modes/approvals', `${name}.sigstore.json`);
    writeFileSync(
      approvals,
      JSON.stringify({
        approvals: [
          // Requested the evening before, approved 09:30 in Oslo on a Tuesday: nothing to flag.
          {
            kind: 'cosign',
            bundle: bundle('task-2026-1090'),
            requestedAt: '2026-11-23T18:00:00Z',
            timeZone: 'Europe/Oslo',
          },
          {
            kind: 'cosign',
            bundle: bundle('task-2026-1095-forged'),
            requestedAt: '2026-11-26T09:00:00Z',
            timeZone: 'Europe/Oslo',
          },
        ],
      }),
    );
  });
  afterAll(async () => {
    await plane?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const audit = (kubeconfig: string, ...more: string[]) =>
    trustladder([
      'audit',
      'approvals',
      '--approvals',
      approvals,
      '--trusted-root',
      'examples/attestation/trusted-root.json',
      '--cluster',
      '--kubeconfig',
      kubeconfig,
      ...more,
    ]);

  test("the observer's token lists every report, page by page, with GETs only", async () => {
    // What reached the network: the HTTP library behind the guard records each request.
    const seen: string[] = [];
    const inner = new IsomorphicFetchHttpLibrary();
    const httpLibrary = {
      send(request: RequestContext) {
        const url = new URL(request.getUrl());
        seen.push(`${request.getHttpMethod()} ${url.pathname}${url.search}`);
        return inner.send(request);
      },
    };
    const client = new ReadOnlyClient(
      loadKubeConfig({ kubeconfig: observerKubeconfig, env: {}, cwd: ROOT }),
      {
        httpLibrary,
      },
    );
    const reports = await readPolicyReports(client, { pageSize: 2 });
    expect(reports.map((r) => `${r.kind}/${r.metadata?.name}`).sort()).toEqual([
      'ClusterPolicyReport/namespaces',
      'PolicyReport/api-1',
      'PolicyReport/api-2',
      'PolicyReport/api-3',
      'PolicyReport/api-4',
      'PolicyReport/api-5',
    ]);
    // Five namespaced reports in pages of two: three requests, each after the first with the
    // server's continue token; then one page of cluster reports.
    const pages = seen.filter((s) => s.includes('/policyreports?'));
    expect(pages).toHaveLength(3);
    expect(pages.slice(1).every((p) => p.includes('continue='))).toBe(true);
    expect(seen.every((s) => s.startsWith('GET '))).toBe(true);
    expect(client.guardCounts.refused).toBe(0);
  });

  test('through the CLI: the verified co-sign clears its admission; the forged one is flagged and clears nothing', async () => {
    const r = await audit(observerKubeconfig, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      approvals: number;
      unverified: number;
      admissions: number;
      findings: Array<{ subject: string; flags: string[]; details: string[] }>;
    };
    expect(report).toMatchObject({ approvals: 1, unverified: 1, admissions: 3 });
    expect(report.findings.map((f) => [f.subject, f.flags])).toEqual([
      ['examples/failure-modes/approvals/task-2026-1095-forged.sigstore.json', ['unverified-approval']],
      ['payments/Pod/api-2', ['admission-without-approval']],
    ]);
    expect(report.findings[1]?.details[0]).toContain(FORGED);
  });

  test('a token without the observer RBAC cannot read the reports: one line, exit 2, no audit', async () => {
    await kubectlOk(bin, plane.adminKubeconfig, [
      'create',
      'serviceaccount',
      'nobody',
      '--namespace',
      'default',
    ]);
    const token = await serviceAccountToken(bin, plane, 'default', 'nobody');
    const kubeconfig = plane.writeKubeconfig('nobody', token, 'default');
    const r = await audit(kubeconfig);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^trustladder audit: https:\/\/.*: GET \/apis\/wgpolicyk8s\.io\/v1alpha2\/policyreports\?limit=500: 403 /,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  // Last: it leaves a report the other tests would trip on.
  test('a report the CRD accepts but that names no time is an input error naming it, exit 2', async () => {
    const broken = policyReport('broken', 'api-9', admitted(APPROVED));
    delete (broken.results as Array<Record<string, unknown>>)[0]?.timestamp;
    await kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '-f', '-'], JSON.stringify(broken));
    const r = await audit(observerKubeconfig);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('PolicyReport payments/broken');
    expect(r.stderr).toContain('/results/0/timestamp/seconds');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
