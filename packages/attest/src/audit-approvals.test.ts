import {
  auditApprovals,
  type CompiledAttestorPolicy,
  DEFAULT_APPROVAL_AUDIT_SETTINGS,
  INTERFACE_APPROVAL_PREDICATE_TYPE,
  TrustladderError,
} from '@trustladder/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AuditApprovalEntry, verifyAuditApprovals } from './audit-approvals.js';
import {
  approvalStatement,
  CHANGE_DIGEST,
  defaultAttestors,
  GITHUB_ISSUER,
  HUMAN_SUBJECT,
  IMAGE_DIGEST,
  INTERFACE_SUBJECT,
  OTHER_DIGEST,
  POLICY_DIGEST,
} from './testdata/fixtures.js';
import { createSigstoreWorld, type SigstoreWorld } from './testing/sigstore-world.js';
import { loadTrustMaterial } from './trusted-root.js';

// The audit's approvals verified as the gates verify them, on bundles signed by the in-process
// Sigstore: only what verifies is audited; everything else is a finding and approves nothing.

let world: SigstoreWorld;
let attestors: CompiledAttestorPolicy;
const b = new Map<string, Record<string, unknown>>();
const hour = 3_600_000;
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
let signedAt: number;

// A co-sign of an image: the predicate names the image and the change, the statement signs
// over both (or, for `unsignedImage`, over the change only).
function cosign(extra: Record<string, unknown> = {}, signsImage = true): Record<string, unknown> {
  const statement = approvalStatement({
    approvedAt: iso(signedAt - hour),
    extra: { imageDigest: IMAGE_DIGEST, ...extra },
  }) as { subject: object[] };
  if (signsImage)
    statement.subject.push({ name: 'ghcr.io/acme/payments-api', digest: { sha256: IMAGE_DIGEST.slice(7) } });
  return statement;
}

beforeAll(async () => {
  world = await createSigstoreWorld();
  signedAt = world.now().getTime();
  attestors = defaultAttestors();
  const sign = (name: string, payload: object, subject = HUMAN_SUBJECT, rogueCa = false) =>
    world.sign({ subject, issuer: GITHUB_ISSUER, payload, rogueCa }).then((bundle) => b.set(name, bundle));
  await sign('cosign', cosign());
  await sign('rogue', cosign(), HUMAN_SUBJECT, true);
  await sign('evil', cosign(), `${HUMAN_SUBJECT}-evil`);
  await sign('expired', cosign({ expiresAt: iso(signedAt + hour) }));
  await sign('otherPolicy', cosign({ policyDigest: OTHER_DIGEST }));
  await sign('unsignedImage', cosign({}, false));
  await sign('spacedApprover', cosign({ approver: { id: 'Alice Smith' } }));
  await sign(
    'interface',
    approvalStatement({
      tier: 'T2',
      approvedAt: iso(signedAt - 2 * hour),
      predicateType: INTERFACE_APPROVAL_PREDICATE_TYPE,
      extra: { approver: { id: 'carol' } },
    }),
    INTERFACE_SUBJECT,
  );
  // Tampered: the statement altered after signing (another approver), the signature kept.
  const tampered = structuredClone(b.get('cosign') as Record<string, { payload: string }>);
  const envelope = tampered.dsseEnvelope as { payload: string };
  const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
  statement.predicate.approver.id = 'mallory';
  envelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
  b.set('tampered', tampered);
});
afterAll(() => world.close());

const entry = (name: string, kind: 'cosign' | 'interface' = 'cosign'): AuditApprovalEntry => ({
  kind,
  source: `${name}.sigstore.json`,
  bundle: b.get(name),
  requestedAt: iso(signedAt - 3 * hour),
  timeZone: 'Europe/Oslo',
});

function audit(entries: AuditApprovalEntry[], at = new Date(signedAt + 60_000)) {
  return verifyAuditApprovals(entries, {
    attestors,
    trust: loadTrustMaterial(world.trustedRoot),
    policy: { digest: POLICY_DIGEST },
    at,
  });
}
const codes = (entries: AuditApprovalEntry[], at?: Date) =>
  audit(entries, at).unverified.map((u) => [u.source, u.code]);

describe('verifyAuditApprovals', () => {
  test('a verified co-sign and interface approval carry the signed facts, never the entry', () => {
    const r = audit([entry('cosign'), entry('interface', 'interface')]);
    expect(r.unverified).toEqual([]);
    expect(r.approvals).toEqual([
      {
        kind: 'cosign',
        taskId: 'task-202604160042',
        by: 'alice',
        timeZone: 'Europe/Oslo',
        requestedAt: iso(signedAt - 3 * hour),
        approvedAt: iso(signedAt - hour),
        tier: 'T3',
        imageDigest: IMAGE_DIGEST,
        changeDigest: CHANGE_DIGEST,
      },
      expect.objectContaining({ kind: 'interface', by: 'carol', tier: 'T2', changeDigest: CHANGE_DIGEST }),
    ]);
  });

  test('forged (an untrusted CA), the wrong identity, a tampered statement: not approvals', () => {
    expect(codes([entry('rogue'), entry('evil'), entry('tampered')])).toEqual([
      ['rogue.sigstore.json', 'UNTRUSTED_CERTIFICATE'],
      ['evil.sigstore.json', 'SUBJECT_MISMATCH'],
      ['tampered.sigstore.json', 'PAYLOAD_TAMPERED'],
    ]);
  });

  test('expired at the audit time, under another policy, or an image the statement does not sign', () => {
    expect(codes([entry('expired')], new Date(signedAt + 2 * hour))).toEqual([
      ['expired.sigstore.json', 'APPROVAL_EXPIRED'],
    ]);
    expect(codes([entry('expired')])).toEqual([]); // still valid an hour earlier
    expect(codes([entry('otherPolicy'), entry('unsignedImage')])).toEqual([
      ['otherPolicy.sigstore.json', 'POLICY_DIGEST_MISMATCH'],
      ['unsignedImage.sigstore.json', 'SUBJECT_DIGEST_MISMATCH'],
    ]);
  });

  test('a verified approval whose approver the audit cannot name is refused, not a failed audit', () => {
    expect(codes([entry('spacedApprover'), entry('cosign')])).toEqual([
      ['spacedApprover.sigstore.json', 'PREDICATE_INVALID'],
    ]);
  });

  test('a bundle of the wrong kind, or the same signature twice, is refused', () => {
    expect(codes([entry('interface', 'cosign'), entry('cosign', 'interface')]).map((c) => c[0])).toEqual([
      'interface.sigstore.json',
      'cosign.sigstore.json',
    ]);
    expect(codes([entry('cosign'), entry('cosign')])).toEqual([
      ['cosign.sigstore.json', 'DUPLICATE_ATTESTATION'],
    ]);
  });

  test('in the audit, a refused bundle is a finding and its image admission stays unapproved', () => {
    const admission = {
      at: iso(signedAt),
      namespace: 'payments',
      resource: 'Pod/api',
      policy: 'trustladder-t3-attestations',
      imageDigest: IMAGE_DIGEST,
      tier: 'T3' as const,
    };
    const settings = { ...DEFAULT_APPROVAL_AUDIT_SETTINGS, workingDays: [1, 2, 3, 4, 5, 6, 7] };
    settings.workingHours = { start: 0, end: 24 * 60 };
    const forged = audit([entry('evil')]);
    const flagged = auditApprovals(forged.approvals, [admission], settings, forged.unverified);
    expect(flagged.findings.map((f) => f.flags[0])).toEqual([
      'unverified-approval',
      'admission-without-approval',
    ]);
    const real = audit([entry('cosign')]);
    expect(auditApprovals(real.approvals, [admission], settings, real.unverified).findings).toEqual([]);
  });

  test('bad entries and options are refused before anything is verified', () => {
    expect(() => audit([{ ...entry('cosign'), requestedAt: 'yesterday' }])).toThrow(TrustladderError);
    expect(() => audit([{ ...entry('cosign'), kind: 'blessing' as never }])).toThrow(TrustladderError);
    expect(() => audit([{ ...entry('cosign'), bundle: undefined }])).toThrow(TrustladderError);
    expect(() =>
      verifyAuditApprovals([], {
        attestors,
        trust: loadTrustMaterial(world.trustedRoot),
        policy: { digest: 'x' },
      }),
    ).toThrow(/options.policy.digest/);
  });
});
