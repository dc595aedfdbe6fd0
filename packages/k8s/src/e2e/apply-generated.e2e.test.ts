import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ObserverReport } from '../report/observer-report.types.js';
import type { ControlPlane } from '../testing/control-plane/index.js';
import {
  APPLY,
  committedPolicyNames,
  e2eBinaries,
  installKyvernoCrds,
  kubectl,
  kubectlOk,
  ROOT,
  serviceAccountToken,
  startE2eControlPlane,
  trustladder,
} from './e2e-environment.js';

// What a platform team applies (kyverno/ and deploy/), server-side and with strict field
// validation, checked by a real API server against Kyverno's own CRDs; then the observer,
// with its own token, finds nothing missing and nothing drifted.

const binaries = e2eBinaries();

describe.skipIf(binaries === undefined)('kubectl apply of what we generate, on a real API server', () => {
  const bin = binaries as NonNullable<typeof binaries>;
  let plane: ControlPlane;
  let observerKubeconfig: string;

  beforeAll(async () => {
    plane = await startE2eControlPlane(bin);
    await installKyvernoCrds(bin, plane);
  });
  afterAll(async () => {
    await plane?.stop();
  });

  async function observe(): Promise<ObserverReport> {
    const r = await trustladder(['observe', '--kubeconfig', observerKubeconfig, '--json']);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as ObserverReport;
  }

  test('kyverno/ and deploy/observer/ apply server-side with strict field validation', async () => {
    const policies = await kubectl(bin, plane.adminKubeconfig, [...APPLY, '-k', 'kyverno']);
    expect(policies.stderr).toBe('');
    expect(policies.code).toBe(0);
    // One line per object: kind.group/name serverside-applied.
    const applied = policies.stdout
      .trim()
      .split('\n')
      .map((line) => /\/(\S+) serverside-applied$/.exec(line)?.[1]);
    expect(applied.sort()).toEqual(committedPolicyNames());
    const observer = await kubectl(bin, plane.adminKubeconfig, [...APPLY, '-k', 'deploy/observer']);
    expect(observer.stderr).toBe('');
    expect(observer.code).toBe(0);
    const token = await serviceAccountToken(bin, plane, 'trustladder-system', 'trustladder-observer');
    observerKubeconfig = plane.writeKubeconfig('observer', token, 'trustladder-system');
  });

  test('then the observer reports every generated policy present, none drifted, and read-only RBAC', async () => {
    const report = await observe();
    expect(report.policies.served).toBe(true);
    expect(report.policies.expected.map((p) => p.name).sort()).toEqual(committedPolicyNames());
    expect(report.policies.drift).toEqual([]);
    expect(report.rbac.state).toBe('read-only');
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
  });

  const patchPolicy = (patch: unknown) =>
    kubectlOk(bin, plane.adminKubeconfig, [
      'patch',
      'imagevalidatingpolicies.policies.kyverno.io',
      'trustladder-t3-attestations',
      '--type=merge',
      '-p',
      JSON.stringify(patch),
    ]);
  const reapply = () =>
    kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '--force-conflicts', '-k', 'kyverno']);

  test('a field changed on the server is reported as drifted, and a re-apply heals it', async () => {
    await patchPolicy({ spec: { failurePolicy: 'Ignore' } });
    const drifted = await observe();
    expect(drifted.policies.drift).toEqual([
      {
        change: 'changed',
        kind: 'ImageValidatingPolicy',
        name: 'trustladder-t3-attestations',
        fields: ['/spec/failurePolicy'],
      },
    ]);
    expect(drifted.ok).toBe(false);
    // Server-side apply with --force-conflicts takes the field back from the other manager.
    await reapply();
    expect((await observe()).policies.drift).toEqual([]);
  });

  // validationActions is a set list (x-kubernetes-list-type: set): server-side apply merges the
  // items of each manager, so a re-apply keeps the Audit another manager put there. The
  // observer is not fooled by the re-apply and keeps reporting the drift.
  test('an item another manager put into a set list survives a re-apply, and stays reported', async () => {
    await patchPolicy({ spec: { validationActions: ['Audit'] } });
    expect((await observe()).policies.drift).toEqual([
      expect.objectContaining({ change: 'changed', fields: ['/spec/validationActions/0'] }),
    ]);
    await reapply();
    const actions = await kubectlOk(bin, plane.adminKubeconfig, [
      'get',
      'imagevalidatingpolicies.policies.kyverno.io',
      'trustladder-t3-attestations',
      '-o',
      'jsonpath={.spec.validationActions}',
    ]);
    expect(JSON.parse(actions)).toEqual(expect.arrayContaining(['Audit', 'Deny']));
    const afterReapply = await observe();
    expect(afterReapply.policies.drift).toHaveLength(1);
    expect(afterReapply.policies.drift[0]?.fields.every((f) => f.startsWith('/spec/validationActions'))).toBe(
      true,
    );
    await patchPolicy({ spec: { validationActions: ['Deny'] } });
    expect((await observe()).policies.drift).toEqual([]);
  });

  // The probe that strict validation is on: a field the CRD does not know, at the top of spec
  // and misplaced one level down, is an error for a server-side apply with --validate=strict
  // (fieldValidation=Strict). A plain create of the same file with validation off is accepted,
  // the field silently dropped: the API server alone does not catch it.
  const misspelt = [
    { where: 'spec', from: 'spec:\n', to: 'spec:\n  validationActionz: [Deny]\n' },
    { where: 'spec.evaluation', from: '  evaluation:\n', to: '  evaluation:\n    failurePolicy: Fail\n' },
  ];
  test.each(misspelt)('an unknown field in $where is refused by strict validation', async ({ from, to }) => {
    const original = readFileSync(join(ROOT, 'kyverno/trustladder-t3-attestations.yaml'), 'utf8');
    expect(original).toContain(from);
    const broken = original
      .replace(from, to)
      .replace(/name: trustladder-t3-attestations/, 'name: probe-strict');
    const strict = await kubectl(bin, plane.adminKubeconfig, [...APPLY, '-f', '-'], broken);
    expect(strict.code).not.toBe(0);
    // Server-side apply's own wording for an unknown field under fieldValidation=Strict.
    expect(strict.stderr).toMatch(
      /\.spec\.(validationActionz|evaluation\.failurePolicy): field not declared in schema/,
    );
    const lax = await kubectl(
      bin,
      plane.adminKubeconfig,
      ['create', '--validate=false', '--dry-run=server', '-f', '-'],
      broken,
    );
    expect(lax.code, lax.stderr).toBe(0);
  });
});
