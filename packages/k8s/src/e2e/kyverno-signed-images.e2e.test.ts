import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateKyverno } from '@trustladder/kyverno';
import {
  type LocalRegistry,
  serveTufRepository,
  startLocalRegistry,
  startTestSigstore,
  type TestSigstore,
  type TufRepository,
  testSigstoreAttestors,
} from '@trustladder/kyverno/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ControlPlane } from '../testing/control-plane/index.js';
import {
  APPLY,
  deploymentObject,
  e2eBinaries,
  installKyvernoCrds,
  kubectlOk,
  namespaceManifest,
  ROOT,
  rawRequest,
  startE2eControlPlane,
} from './e2e-environment.js';
import {
  e2eKyverno,
  type RunningKyverno,
  startKyverno,
  untilKyvernoDecides,
} from './kyverno-admission-controller.js';

// Signed images through the real API server and Kyverno's admission controller: the policies
// generated for a test Sigstore deployment (CA, CT log, Rekor, TUF repository on 127.0.0.1;
// the sibling Kyverno e2e's set-up), applied with kubectl, images in a local OCI registry with
// attestations signed by cosign.

const binaries = e2eBinaries();
const kyvernoBinary = e2eKyverno(binaries);
const GITHUB = 'https://token.actions.githubusercontent.com';
const BUILD = 'https://github.com/acme/payments-api/.github/workflows/release.yml@refs/heads/main';
const APPROVAL = 'https://github.com/acme/prod-approvals/.github/workflows/t3-approve.yml@refs/heads/main';
const SLSA = 'https://slsa.dev/provenance/v1';
const APPROVAL_TYPE = 'https://trustladder.dev/attestations/approval/v1';

describe.skipIf(kyvernoBinary === undefined)(
  'signed images admitted and denied by Kyverno through a real API server',
  () => {
    const bin = binaries as NonNullable<typeof binaries>;
    let plane: ControlPlane;
    let kyverno: RunningKyverno;
    let dir: string;
    let sigstore: TestSigstore;
    let tuf: TufRepository;
    let registry: LocalRegistry;
    const images: Record<string, string> = {};

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'trustladder-signed-e2e-'));
      sigstore = await startTestSigstore(dir);
      tuf = await serveTufRepository(sigstore.trustedRoot);
      registry = await startLocalRegistry(dir);
      const build = await sigstore.issue('build', { issuer: GITHUB, subject: BUILD });
      const approval = await sigstore.issue('approval', { issuer: GITHUB, subject: APPROVAL });
      images.both = await registry.pushImage('acme/both');
      await registry.attest(images.both, build, sigstore.rekorUrl, SLSA, { signer: 'build' });
      await registry.attest(images.both, approval, sigstore.rekorUrl, APPROVAL_TYPE, { signer: 'approval' });
      images.buildOnly = await registry.pushImage('acme/build-only');
      await registry.attest(images.buildOnly, build, sigstore.rekorUrl, SLSA, { signer: 'build' });
      images.unsigned = await registry.pushImage('acme/unsigned');

      plane = await startE2eControlPlane(bin);
      await installKyvernoCrds(bin, plane);
      // `trustladder kyverno generate` for the test deployment, then `kubectl apply -k`.
      const attestors = readFileSync(join(ROOT, 'policies/attestors.yaml'), 'utf8');
      const out = join(dir, 'kyverno');
      for (const file of generateKyverno(testSigstoreAttestors(attestors, sigstore, tuf)).files) {
        mkdirSync(dirname(join(out, file.path)), { recursive: true });
        writeFileSync(join(out, file.path), file.content);
      }
      await kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '-k', out]);
      await kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '-f', '-'], namespaceManifest('payments', 't3'));
      kyverno = await startKyverno(bin, plane, kyvernoBinary as string, {
        HOME: dir,
        TUF_ROOT: join(dir, 'tuf-cache'),
      });
      await untilKyvernoDecides(kyverno, async () => {
        const r = await createPod('readiness', images.unsigned as string, true);
        return r.status >= 400 && /denied the request/.test(r.body);
      });
    }, 600_000);
    afterAll(async () => {
      await kyverno?.stop();
      await plane?.stop();
      await registry?.close();
      await tuf?.close();
      await sigstore?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    function createDeployment(name: string, image: string) {
      const path = '/apis/apps/v1/namespaces/payments/deployments';
      return rawRequest(plane, plane.adminToken, 'POST', path, deploymentObject(name, image));
    }

    function createPod(name: string, image: string, dryRun = false, namespace = 'payments') {
      return rawRequest(
        plane,
        plane.adminToken,
        'POST',
        `/api/v1/namespaces/${namespace}/pods${dryRun ? '?dryRun=All' : ''}`,
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name },
          spec: { containers: [{ name: 'app', image }] },
        },
      );
    }

    test('a pod in a blast-radius: t3 namespace with both attestations is admitted', async () => {
      const r = await createPod('both', images.both as string);
      expect(r.status, r.body).toBe(201);
    });

    test('a pod with only the build attestation is denied', async () => {
      const r = await createPod('build-only', images.buildOnly as string);
      expect(r.status).toBe(400);
      expect(r.body).toMatch(/admission webhook .* denied the request/);
      expect(r.body).toContain('trustladder-t3-attestations');
      // The build attestation verified; the missing approval is what denies it.
      expect(r.body).toContain('attestation signed by human-approval');
      expect(r.body).not.toContain('attestation signed by agent-build');
    });

    test('a Deployment with an unsigned image is refused at the Deployment', async () => {
      const r = await createDeployment('unsigned', images.unsigned as string);
      expect(r.status).toBe(400);
      expect(r.body).toMatch(/admission webhook .* denied the request/);
      // The t3 policy's own webhook, at the Deployment (autogen for controllers): no pod is
      // ever made. Kyverno reports the first failing validation, the build attestation.
      expect(r.body).toContain('svc-fail-finegrained-trustladder-t3-attestations');
      expect(r.body).toContain('Policy trustladder-t3-attestations failed');
      expect(r.body).toContain('attestation signed by agent-build');
    });

    test('a Deployment with both attestations is admitted', async () => {
      const r = await createDeployment('both', images.both as string);
      expect(r.status, r.body).toBe(201);
    });

    test('an unsigned pod in a blast-radius: t0 namespace is left alone', async () => {
      await kubectlOk(bin, plane.adminKubeconfig, [...APPLY, '-f', '-'], namespaceManifest('sandbox', 't0'));
      const r = await createPod('unsigned', images.unsigned as string, false, 'sandbox');
      expect(r.status, r.body).toBe(201);
    });
  },
);
