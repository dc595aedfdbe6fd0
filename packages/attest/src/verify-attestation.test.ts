import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity, Verifier } from '@sigstore/verify';
import {
  type CompiledAttestorPolicy,
  compileAttestorPolicy,
  INTERFACE_APPROVAL_PREDICATE_TYPE,
} from '@trustladder/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  approvalStatement,
  BUILD_SUBJECT,
  defaultAttestors,
  GITHUB_ISSUER,
  HUMAN_SUBJECT,
  provenanceStatement,
  refusal,
} from './testdata/fixtures.js';
import { createSigstoreWorld, type SigstoreWorld } from './testing/sigstore-world.js';
import { loadTrustMaterial } from './trusted-root.js';
import {
  assertDistinctIdentities,
  type VerifiedAttestation,
  verifyAttestation,
} from './verify-attestation.js';

let world: SigstoreWorld;
let policy: CompiledAttestorPolicy;
let approval: Record<string, unknown>;
let build: Record<string, unknown>;

beforeAll(async () => {
  world = await createSigstoreWorld();
  policy = defaultAttestors();
  approval = await world.sign({
    subject: HUMAN_SUBJECT,
    issuer: GITHUB_ISSUER,
    payload: approvalStatement(),
  });
  build = await world.sign({ subject: BUILD_SUBJECT, issuer: GITHUB_ISSUER, payload: provenanceStatement() });
});
afterAll(() => world.close());

const context = () => ({ trust: loadTrustMaterial(world.trustedRoot), policy });
const human = () => policy.attestor('human-approval') ?? expect.unreachable();
const agent = () => policy.attestor('agent-build') ?? expect.unreachable();

// The fields of a serialised bundle the tampering tests rewrite.
interface BundleJson {
  dsseEnvelope: { payload: string; signatures: Array<{ sig: string }> };
  verificationMaterial: {
    certificate?: unknown;
    publicKey?: unknown;
    tlogEntries: Array<{ inclusionPromise: { signedEntryTimestamp: string } }>;
    timestampVerificationData?: unknown;
  };
}
const clone = (b: Record<string, unknown>) => structuredClone(b) as unknown as BundleJson;

describe('verifyAttestation', () => {
  test('accepts a bundle from the attestor identity and returns the verified statement', () => {
    const v = verifyAttestation(approval, human(), context());
    expect(v.attestor).toBe('human-approval');
    expect(v.role).toBe('human');
    expect(v.identity).toEqual({ issuer: GITHUB_ISSUER, subject: HUMAN_SUBJECT });
    expect(v.statement.predicate).toEqual(approvalStatement().predicate);
  });

  test("accepts an agent's build provenance matched by the attestor's anchored regex", () => {
    const v = verifyAttestation(build, agent(), context());
    expect(v.role).toBe('agent');
    expect(v.identity.subject).toBe(BUILD_SUBJECT);
  });

  test('refuses another workflow of the same repository: SUBJECT_MISMATCH', async () => {
    const other = await world.sign({
      subject: HUMAN_SUBJECT.replace('t3-approve.yml', 't3-approve-bot.yml'),
      issuer: GITHUB_ISSUER,
      payload: approvalStatement(),
    });
    expect(refusal(() => verifyAttestation(other, human(), context()))).toBe('SUBJECT_MISMATCH');
  });

  test('refuses subjects that only share a prefix with the identity: SUBJECT_MISMATCH', async () => {
    for (const subject of [
      `${HUMAN_SUBJECT}-evil`,
      HUMAN_SUBJECT.replace('/prod-approvals/', '/prod-approvals-evil/'),
    ]) {
      const near = await world.sign({ subject, issuer: GITHUB_ISSUER, payload: approvalStatement() });
      expect(refusal(() => verifyAttestation(near, human(), context()))).toBe('SUBJECT_MISMATCH');
    }
    const nearBuild = await world.sign({
      subject: `${BUILD_SUBJECT}-evil`,
      issuer: GITHUB_ISSUER,
      payload: provenanceStatement(),
    });
    expect(refusal(() => verifyAttestation(nearBuild, agent(), context()))).toBe('SUBJECT_MISMATCH');
  });

  test('sigstore-js given a plain string would accept that prefix (why the matcher is a RegExp)', async () => {
    const near = await world.sign({
      subject: `${HUMAN_SUBJECT}-evil`,
      issuer: GITHUB_ISSUER,
      payload: approvalStatement(),
    });
    const verifier = new Verifier(loadTrustMaterial(world.trustedRoot));
    const entity = toSignedEntity(bundleFromJSON(near));
    expect(() => verifier.verify(entity, { subjectAlternativeName: HUMAN_SUBJECT })).not.toThrow();
    expect(() =>
      verifier.verify(entity, { subjectAlternativeName: human().identity.subjectRegExp }),
    ).toThrow();
  });

  test('refuses the right subject from another OIDC issuer: ISSUER_MISMATCH', async () => {
    const forged = await world.sign({
      subject: HUMAN_SUBJECT,
      issuer: 'https://token.actions.githubusercontent.com.evil.example',
      payload: approvalStatement(),
    });
    expect(refusal(() => verifyAttestation(forged, human(), context()))).toBe('ISSUER_MISMATCH');
  });

  test('refuses a certificate from a CA the trusted root does not list: UNTRUSTED_CERTIFICATE', async () => {
    const rogue = await world.sign({
      subject: HUMAN_SUBJECT,
      issuer: GITHUB_ISSUER,
      payload: approvalStatement(),
      rogueCa: true,
    });
    expect(refusal(() => verifyAttestation(rogue, human(), context()))).toBe('UNTRUSTED_CERTIFICATE');
  });

  test('refuses a payload changed after signing: PAYLOAD_TAMPERED', () => {
    const tampered = clone(approval);
    const statement = approvalStatement({ taskId: 'task-someone-else' });
    tampered.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    expect(refusal(() => verifyAttestation(tampered, human(), context()))).toBe('PAYLOAD_TAMPERED');
  });

  test('refuses a signature altered after it was timestamped: TIMESTAMP_UNVERIFIED', () => {
    // The TSA countersigned the original signature bytes, so the altered one fails there first.
    const tampered = clone(approval);
    const signature = tampered.dsseEnvelope.signatures[0] ?? expect.unreachable();
    const sig = Buffer.from(signature.sig, 'base64');
    sig[sig.length - 1] = (sig.at(-1) ?? 0) ^ 1;
    signature.sig = sig.toString('base64');
    expect(refusal(() => verifyAttestation(tampered, human(), context()))).toBe('TIMESTAMP_UNVERIFIED');
  });

  test("refuses a statement of another predicate type than the attestor's: PREDICATE_TYPE_MISMATCH", async () => {
    const wrongType = await world.sign({
      subject: HUMAN_SUBJECT,
      issuer: GITHUB_ISSUER,
      payload: approvalStatement({ predicateType: INTERFACE_APPROVAL_PREDICATE_TYPE }),
    });
    expect(refusal(() => verifyAttestation(wrongType, human(), context()))).toBe('PREDICATE_TYPE_MISMATCH');
  });

  test("refuses an agent's build signature presented as a human approval: SUBJECT_MISMATCH", async () => {
    const byAgent = await world.sign({
      subject: BUILD_SUBJECT,
      issuer: GITHUB_ISSUER,
      payload: approvalStatement(),
    });
    expect(refusal(() => verifyAttestation(byAgent, human(), context()))).toBe('SUBJECT_MISMATCH');
  });

  test('refuses an identity that matches two attestors: IDENTITY_OVERLAP', async () => {
    // Two regexes cannot be compared at load; the verifier refuses the overlap at run time.
    const overlapping = compileAttestorPolicy({
      apiVersion: 'trustladder.dev/v1',
      kind: 'AttestorPolicy',
      metadata: { name: 'overlap' },
      attestors: [
        {
          name: 'agent-build',
          issuer: GITHUB_ISSUER,
          subjectRegExp:
            '^https://github\\.com/acme/[^/]+/\\.github/workflows/[a-z0-9-]+\\.yml@refs/heads/main$',
          predicateType: 'https://slsa.dev/provenance/v1',
        },
        {
          name: 'human-approval',
          issuer: GITHUB_ISSUER,
          subjectRegExp:
            '^https://github\\.com/acme/prod-approvals/\\.github/workflows/t3-[a-z]+\\.yml@refs/heads/main$',
          predicateType: 'https://trustladder.dev/attestations/approval/v1',
        },
      ],
      tiers: {
        T3: { namespaceLabels: { 'blast-radius': 't3' }, require: ['agent-build', 'human-approval'] },
        T2: { namespaceLabels: { 'blast-radius': 't2' }, require: ['agent-build', 'human-approval'] },
      },
    });
    const humanAttestor = overlapping.attestor('human-approval') ?? expect.unreachable();
    const ctx = { trust: loadTrustMaterial(world.trustedRoot), policy: overlapping };
    expect(refusal(() => verifyAttestation(approval, humanAttestor, ctx))).toBe('IDENTITY_OVERLAP');
  });

  test('refuses a bundle signed by a bare public key: KEY_NOT_CERTIFICATE', () => {
    const keyed = clone(approval);
    keyed.verificationMaterial = { ...keyed.verificationMaterial, publicKey: { hint: 'k' } };
    delete keyed.verificationMaterial.certificate;
    expect(refusal(() => verifyAttestation(keyed, human(), context()))).toBe('KEY_NOT_CERTIFICATE');
  });

  test('refuses what is not a bundle: BUNDLE_INVALID', () => {
    for (const junk of [null, 'x', {}, { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' }]) {
      expect(refusal(() => verifyAttestation(junk, human(), context()))).toBe('BUNDLE_INVALID');
    }
  });

  test("refuses a log entry whose signed entry timestamp is not the log's: TLOG_UNVERIFIED", () => {
    const broken = clone(approval);
    const promise = broken.verificationMaterial.tlogEntries[0]?.inclusionPromise ?? expect.unreachable();
    const set = Buffer.from(promise.signedEntryTimestamp, 'base64');
    set[set.length - 1] = (set.at(-1) ?? 0) ^ 1;
    promise.signedEntryTimestamp = set.toString('base64');
    expect(refusal(() => verifyAttestation(broken, human(), context()))).toBe('TLOG_UNVERIFIED');
  });

  test('counts timestamps against the threshold: TIMESTAMP_UNVERIFIED without the TSA one', () => {
    const ctx = { ...context(), thresholds: { timestamp: 2 } };
    expect(() => verifyAttestation(approval, human(), ctx)).not.toThrow();
    const stripped = clone(approval);
    stripped.verificationMaterial.timestampVerificationData = { rfc3161Timestamps: [] };
    expect(refusal(() => verifyAttestation(stripped, human(), ctx))).toBe('TIMESTAMP_UNVERIFIED');
  });

  test('never allows a threshold of 0: INVALID_OPTIONS', () => {
    for (const thresholds of [{ timestamp: 0 }, { tlog: 0 }, { ctlog: 0 }, { timestamp: 1.5 }]) {
      expect(refusal(() => verifyAttestation(approval, human(), { ...context(), thresholds }))).toBe(
        'INVALID_OPTIONS',
      );
    }
  });

  test('refuses a payload that is not an in-toto statement: PAYLOAD_TYPE_INVALID, STATEMENT_INVALID', async () => {
    const notInToto = await world.sign({
      subject: HUMAN_SUBJECT,
      issuer: GITHUB_ISSUER,
      payload: approvalStatement(),
      payloadType: 'application/json',
    });
    expect(refusal(() => verifyAttestation(notInToto, human(), context()))).toBe('PAYLOAD_TYPE_INVALID');
    const notJson = await world.sign({
      subject: HUMAN_SUBJECT,
      issuer: GITHUB_ISSUER,
      payload: Buffer.from('{nope'),
    });
    expect(refusal(() => verifyAttestation(notJson, human(), context()))).toBe('STATEMENT_INVALID');
    const noSubject = await world.sign({
      subject: HUMAN_SUBJECT,
      issuer: GITHUB_ISSUER,
      payload: { ...approvalStatement(), subject: [] },
    });
    expect(refusal(() => verifyAttestation(noSubject, human(), context()))).toBe('STATEMENT_INVALID');
  });
});

describe('assertDistinctIdentities', () => {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [],
    predicateType: 'p',
    predicate: {},
  };
  const attestation = (role: 'agent' | 'human', subject: string): VerifiedAttestation => ({
    attestor: role === 'agent' ? 'agent-build' : 'human-approval',
    role,
    identity: { issuer: GITHUB_ISSUER, subject },
    statement,
    signedAt: new Date(0),
    signature: subject,
  });

  test("refuses an agent's and a human's attestations signed by one identity: SAME_IDENTITY", () => {
    expect(
      refusal(() =>
        assertDistinctIdentities([attestation('agent', HUMAN_SUBJECT), attestation('human', HUMAN_SUBJECT)]),
      ),
    ).toBe('SAME_IDENTITY');
  });

  test('accepts distinct identities', () => {
    expect(() =>
      assertDistinctIdentities([attestation('agent', BUILD_SUBJECT), attestation('human', HUMAN_SUBJECT)]),
    ).not.toThrow();
  });

  test('fails closed on arguments it cannot judge: INVALID_ARGUMENT', () => {
    expect(refusal(() => assertDistinctIdentities({} as never))).toBe('INVALID_ARGUMENT');
    expect(refusal(() => assertDistinctIdentities([{ role: 'agent' }] as never))).toBe('INVALID_ARGUMENT');
    expect(refusal(() => verifyAttestation(approval, { name: 'x' } as never, context()))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(refusal(() => verifyAttestation(approval, human(), { trust: undefined } as never))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
