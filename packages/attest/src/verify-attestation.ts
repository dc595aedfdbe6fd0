import { type Bundle, bundleFromJSON } from '@sigstore/bundle';
import {
  PolicyError,
  type Signer,
  type TrustMaterial,
  toSignedEntity,
  VerificationError,
  type VerificationPolicy,
  Verifier,
} from '@sigstore/verify';
import type {
  AttestorRole,
  CertificateIdentity,
  CompiledAttestor,
  CompiledAttestorPolicy,
} from '@trustladder/core';
import { invalidArgument, requireFunction, requireObject } from './arguments.js';
import { AttestError } from './errors.js';
import { type InTotoStatement, parseStatement } from './statement.js';

/** How many independent proofs a bundle must carry. None may be 0. */
export interface VerificationThresholds {
  /** Transparency-log entries (default 1). */
  readonly tlog?: number;
  /** Certificate-transparency SCTs on the signing certificate (default 1). */
  readonly ctlog?: number;
  /** Verified timestamps, from a TSA or the log (default 1). */
  readonly timestamp?: number;
}

export interface VerifyContext {
  readonly trust: TrustMaterial;
  /** The whole attestor policy: a certificate identity that matches another attestor is refused. */
  readonly policy: CompiledAttestorPolicy;
  readonly thresholds?: VerificationThresholds;
}

export interface VerifiedAttestation {
  readonly attestor: string;
  readonly role: AttestorRole;
  /** The certificate identity that signed, as verified. */
  readonly identity: { readonly issuer: string; readonly subject: string };
  readonly statement: InTotoStatement;
  /** The latest verified timestamp (TSA or transparency log): the signature existed by then. */
  readonly signedAt: Date;
  /** The DSSE signature, base64: the same signature given twice is one attestation. */
  readonly signature: string;
}

// Verifies a Sigstore bundle offline against trust material and one attestor, and returns the
// verified in-toto statement. The identity policy handed to sigstore-js is the attestor's
// anchored RegExp (sigstore-js runs String.prototype.match, so a plain string would be an
// unanchored regex) and its exact issuer; the result is checked again here with the same
// matcher the load-time checks used. Every refusal is an AttestError with its own code.
export function verifyAttestation(
  bundleJson: unknown,
  attestor: CompiledAttestor,
  context: VerifyContext,
): VerifiedAttestation {
  assertAttestor(attestor);
  assertContext(context);
  const bundle = readBundle(bundleJson);
  const verifier = new Verifier(context.trust, verifierOptions(context.thresholds));
  let entity: ReturnType<typeof toSignedEntity>;
  try {
    entity = toSignedEntity(bundle);
  } catch (e) {
    throw new AttestError('BUNDLE_INVALID', `the bundle cannot be read: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const policy: VerificationPolicy = {
    subjectAlternativeName: attestor.identity.subjectRegExp,
    extensions: { issuer: attestor.identity.issuer },
  };
  let signer: Signer;
  try {
    signer = verifier.verify(entity, policy);
  } catch (e) {
    if (e instanceof PolicyError) throw identityRefusal(verifier, entity, attestor, e);
    throw cryptoRefusal(e);
  }
  const identity = certificateIdentity(signer);
  if (!attestor.identity.matchesIssuer(identity.issuer)) throw issuerMismatch(attestor, identity);
  if (!attestor.identity.matchesSubject(identity.subject)) throw subjectMismatch(attestor, identity);
  const others = context.policy.attestors.filter(
    (a) => a.name !== attestor.name && a.identity.matches(identity),
  );
  if (others.length > 0) {
    throw new AttestError(
      'IDENTITY_OVERLAP',
      `the signing identity ${identity.subject} also matches attestor(s) ${others.map((a) => a.name).join(', ')}`,
    );
  }
  const content = bundle.content;
  if (content.$case !== 'dsseEnvelope')
    throw new AttestError('BUNDLE_INVALID', 'the bundle holds no DSSE envelope');
  const statement = parseStatement(content.dsseEnvelope.payloadType, content.dsseEnvelope.payload);
  const signature = content.dsseEnvelope.signatures[0]?.sig;
  if (content.dsseEnvelope.signatures.length !== 1 || signature === undefined)
    throw new AttestError('BUNDLE_INVALID', 'the DSSE envelope must carry exactly one signature');
  if (statement.predicateType !== attestor.predicateType) {
    throw new AttestError(
      'PREDICATE_TYPE_MISMATCH',
      `the statement attests ${statement.predicateType}; attestor ${attestor.name} attests ${attestor.predicateType}`,
    );
  }
  return {
    attestor: attestor.name,
    role: attestor.role,
    identity: { issuer: identity.issuer as string, subject: identity.subject as string },
    statement,
    signedAt: verifiedSigningTime(verifier, entity),
    signature: Buffer.from(signature).toString('base64'),
  };
}

// sigstore-js verifies the timestamps (TSA countersignatures, log integration times) inside
// verify() but returns only the signer. Its verifyTimestamps step is deterministic and has
// just passed, so running it again yields the same verified times. It is private in the
// typings: if a release renames it, this throws (a bug that surfaces) instead of guessing.
function verifiedSigningTime(verifier: Verifier, entity: ReturnType<typeof toSignedEntity>): Date {
  const step = (verifier as unknown as { verifyTimestamps?: (e: typeof entity) => Date[] }).verifyTimestamps;
  if (typeof step !== 'function') throw new Error('@sigstore/verify no longer has verifyTimestamps');
  const times = step.call(verifier, entity).map((t) => t.getTime());
  if (times.length === 0)
    throw new AttestError('TIMESTAMP_UNVERIFIED', 'the bundle carries no verified timestamp');
  return new Date(Math.max(...times));
}

function assertAttestor(attestor: CompiledAttestor): void {
  const a = requireObject(attestor, 'attestor');
  if (typeof a.name !== 'string' || (a.role !== 'human' && a.role !== 'agent'))
    invalidArgument('attestor', 'is not a compiled attestor (name, role)');
  const identity = requireObject(a.identity, 'attestor.identity');
  for (const fn of ['matches', 'matchesIssuer', 'matchesSubject'])
    requireFunction(identity, fn, 'attestor.identity');
  if (!(identity.subjectRegExp instanceof RegExp))
    invalidArgument('attestor.identity.subjectRegExp', 'must be a RegExp');
}

function assertContext(context: VerifyContext): void {
  const c = requireObject(context, 'context');
  requireObject(c.trust, 'context.trust');
  const policy = requireObject(c.policy, 'context.policy');
  if (!Array.isArray(policy.attestors))
    invalidArgument('context.policy', 'is not a compiled attestor policy');
}

/** Refuses an agent's and a human's attestations that carry the same certificate identity. */
export function assertDistinctIdentities(attestations: readonly VerifiedAttestation[]): void {
  if (!Array.isArray(attestations)) invalidArgument('attestations', 'must be an array');
  attestations.forEach((a, i) => {
    const identity = requireObject(
      requireObject(a, `attestations[${i}]`).identity,
      `attestations[${i}].identity`,
    );
    if (typeof identity.issuer !== 'string' || typeof identity.subject !== 'string')
      invalidArgument(`attestations[${i}].identity`, 'must name an issuer and a subject');
  });
  for (const agent of attestations.filter((a) => a.role === 'agent')) {
    for (const human of attestations.filter((a) => a.role === 'human')) {
      if (
        agent.identity.issuer === human.identity.issuer &&
        agent.identity.subject === human.identity.subject
      ) {
        throw new AttestError(
          'SAME_IDENTITY',
          `${agent.attestor} and ${human.attestor} were signed by the same identity ${agent.identity.subject}`,
        );
      }
    }
  }
}

function readBundle(json: unknown): Bundle {
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(json);
  } catch (e) {
    throw new AttestError('BUNDLE_INVALID', `not a Sigstore bundle: ${(e as Error).message}`, { cause: e });
  }
  if (bundle.content.$case !== 'dsseEnvelope') {
    throw new AttestError('BUNDLE_INVALID', 'the bundle signs a message, not an attestation (DSSE envelope)');
  }
  if (bundle.verificationMaterial.content.$case === 'publicKey') {
    throw new AttestError(
      'KEY_NOT_CERTIFICATE',
      'the bundle is signed by a bare public key, not a certificate identity',
    );
  }
  return bundle;
}

// Certificate bundles always need a timestamp: with a threshold of 0 a certificate would be
// checked at no time at all. Every threshold is at least 1.
function verifierOptions(t: VerificationThresholds = {}) {
  const options = {
    tlogThreshold: t.tlog ?? 1,
    ctlogThreshold: t.ctlog ?? 1,
    timestampThreshold: t.timestamp ?? 1,
  };
  for (const [name, value] of Object.entries(options)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new AttestError('INVALID_OPTIONS', `${name} must be an integer of at least 1, not ${value}`);
    }
  }
  return options;
}

function certificateIdentity(signer: Signer): CertificateIdentity {
  return { issuer: signer.identity?.extensions?.issuer, subject: signer.identity?.subjectAlternativeName };
}

// sigstore-js reports any identity mismatch as one PolicyError. The cryptography has passed
// by then (policy is checked last), so verifying again without a policy yields the identity
// and tells a wrong issuer from a wrong subject.
function identityRefusal(
  verifier: Verifier,
  entity: ReturnType<typeof toSignedEntity>,
  attestor: CompiledAttestor,
  cause: PolicyError,
): AttestError {
  const identity = certificateIdentity(verifier.verify(entity));
  if (!attestor.identity.matchesIssuer(identity.issuer)) return issuerMismatch(attestor, identity, cause);
  return subjectMismatch(attestor, identity, cause);
}

function issuerMismatch(
  attestor: CompiledAttestor,
  identity: CertificateIdentity,
  cause?: unknown,
): AttestError {
  return new AttestError(
    'ISSUER_MISMATCH',
    `issued by ${identity.issuer ?? '(no issuer)'}; attestor ${attestor.name} needs ${attestor.identity.issuer}`,
    { cause },
  );
}

function subjectMismatch(
  attestor: CompiledAttestor,
  identity: CertificateIdentity,
  cause?: unknown,
): AttestError {
  return new AttestError(
    'SUBJECT_MISMATCH',
    `signed by ${identity.subject ?? '(no subject)'}, which is not attestor ${attestor.name}'s identity`,
    { cause },
  );
}

function cryptoRefusal(e: unknown): AttestError {
  if (!(e instanceof VerificationError)) {
    return new AttestError(
      'VERIFICATION_FAILED',
      `verification failed: ${(e as Error)?.message ?? String(e)}`,
      {
        cause: e,
      },
    );
  }
  switch (e.code) {
    case 'CERTIFICATE_ERROR':
      return new AttestError('UNTRUSTED_CERTIFICATE', `the certificate is not trusted: ${e.message}`, {
        cause: e,
      });
    case 'TIMESTAMP_ERROR':
      return new AttestError('TIMESTAMP_UNVERIFIED', `the timestamps do not verify: ${e.message}`, {
        cause: e,
      });
    case 'SIGNATURE_ERROR':
    case 'TLOG_BODY_ERROR':
      return new AttestError('PAYLOAD_TAMPERED', `the signature does not cover this payload: ${e.message}`, {
        cause: e,
      });
    case 'TLOG_ERROR':
    case 'TLOG_INCLUSION_PROOF_ERROR':
    case 'TLOG_INCLUSION_PROMISE_ERROR':
    case 'TLOG_MISSING_INCLUSION_ERROR':
      return new AttestError('TLOG_UNVERIFIED', `the transparency log entry does not verify: ${e.message}`, {
        cause: e,
      });
    case 'PUBLIC_KEY_ERROR':
      return new AttestError('KEY_NOT_CERTIFICATE', `the signing key is not a certificate: ${e.message}`, {
        cause: e,
      });
    default:
      return new AttestError('VERIFICATION_FAILED', `verification failed: ${e.message}`, { cause: e });
  }
}
