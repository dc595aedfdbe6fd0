import { compileAttestorPolicy, DEFAULT_POLICY_TEXTS, parseYaml } from '@trustladder/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trustedRootOfAttestorPolicy } from './attestor-trusted-root.js';
import { AttestError } from './errors.js';
import { approvalStatement, GITHUB_ISSUER, HUMAN_SUBJECT } from './testdata/fixtures.js';
import { createSigstoreWorld, type SigstoreWorld } from './testing/sigstore-world.js';
import { loadTrustMaterial } from './trusted-root.js';
import { verifyAttestation } from './verify-attestation.js';

let world: SigstoreWorld;
let approval: Record<string, unknown>;

beforeAll(async () => {
  world = await createSigstoreWorld();
  approval = await world.sign({
    subject: HUMAN_SUBJECT,
    issuer: GITHUB_ISSUER,
    payload: approvalStatement(),
  });
});
afterAll(() => world.close());

interface RootJson {
  certificateAuthorities: Array<{ certChain: { certificates: Array<{ rawBytes: string }> } }>;
  tlogs: Array<{ publicKey: { rawBytes: string } }>;
  ctlogs: Array<{ publicKey: { rawBytes: string } }>;
  timestampAuthorities: Array<{ certChain: { certificates: Array<{ rawBytes: string }> } }>;
}

const pem = (label: string, b64: string) =>
  `-----BEGIN ${label}-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

// The world's trust roots written as a private deployment's attestors.yaml trust settings.
function trustOf(root: RootJson) {
  const chain = (c: { certChain: { certificates: Array<{ rawBytes: string }> } }) =>
    c.certChain.certificates.map((x) => pem('CERTIFICATE', x.rawBytes)).join('');
  return {
    fulcioRoots: chain(root.certificateAuthorities[0] ?? expect.unreachable()),
    rekorPublicKey: pem('PUBLIC KEY', root.tlogs[0]?.publicKey.rawBytes ?? ''),
    ctlogPublicKey: pem('PUBLIC KEY', root.ctlogs[0]?.publicKey.rawBytes ?? ''),
    tsaCertChain: chain(root.timestampAuthorities[0] ?? expect.unreachable()),
  };
}

function policyWith(trust: Record<string, string> | undefined) {
  const parsed = parseYaml(DEFAULT_POLICY_TEXTS.attestors);
  if (!parsed.ok) throw new Error('default attestors.yaml does not parse');
  const doc = structuredClone(parsed.value.value) as Record<string, unknown>;
  if (trust) doc.trust = trust;
  doc.kyverno = { ...(doc.kyverno as object), rekorUrl: 'https://rekor.local' };
  return compileAttestorPolicy(doc, { source: 'attestors.yaml' });
}

describe('trustedRootOfAttestorPolicy', () => {
  test('a private deployment written in attestors.yaml verifies what that deployment signed', () => {
    const policy = policyWith(trustOf(world.trustedRoot as unknown as RootJson));
    const root = trustedRootOfAttestorPolicy(policy) ?? expect.unreachable();
    const human = policy.attestor('human-approval') ?? expect.unreachable();
    const verified = verifyAttestation(approval, human, { trust: loadTrustMaterial(root), policy });
    expect(verified.identity.subject).toBe(HUMAN_SUBJECT);
  });

  test('refuses what another CA issued: the roots are exactly those written', () => {
    const trust = trustOf(world.trustedRoot as unknown as RootJson);
    // The TSA's chain as Fulcio roots: a real CA, but not the one that issued the signer.
    const policy = policyWith({ ...trust, fulcioRoots: trust.tsaCertChain });
    const human = policy.attestor('human-approval') ?? expect.unreachable();
    const root = trustedRootOfAttestorPolicy(policy) ?? expect.unreachable();
    expect(() => verifyAttestation(approval, human, { trust: loadTrustMaterial(root), policy })).toThrowError(
      expect.objectContaining({ code: 'UNTRUSTED_CERTIFICATE' }),
    );
  });

  test('is undefined for the public-good instance, and refuses a private root missing a CA or a log key', () => {
    expect(trustedRootOfAttestorPolicy(policyWith(undefined))).toBeUndefined();
    const { ctlogPublicKey: _, ...withoutCtlog } = trustOf(world.trustedRoot as unknown as RootJson);
    expect(() => trustedRootOfAttestorPolicy(policyWith(withoutCtlog))).toThrowError(AttestError);
    expect(() => trustedRootOfAttestorPolicy(policyWith(withoutCtlog))).toThrowError(/ctlogPublicKey/);
  });
});
