import type { TrustMaterial } from '@sigstore/verify';
import {
  type CompiledAttestorPolicy,
  LEDGER_CHECKPOINT_PREDICATE_TYPE,
  parseInstant,
} from '@trustladder/core';
import { requireFunction, requireObject } from './arguments.js';
import { AttestError } from './errors.js';
import type { InTotoStatement } from './statement.js';
import {
  type VerificationThresholds,
  type VerifiedAttestation,
  verifyAttestation,
} from './verify-attestation.js';

export interface LedgerCheckpointContext {
  /** policies/attestors.yaml: the attestor(s) whose predicateType is the checkpoint's sign it. */
  readonly attestors: CompiledAttestorPolicy;
  readonly trust: TrustMaterial;
  readonly thresholds?: VerificationThresholds;
}

export interface VerifiedLedgerCheckpoint {
  /** The head the signer vouched for: the log must hold this hash at this seq. */
  readonly head: { readonly seq: number; readonly hash: string };
  /** The digest of the trust ladder the checkpoint was taken under. */
  readonly ladder: string;
  /** When `ledger checkpoint` printed the statement. */
  readonly at: string;
  readonly attestor: string;
  readonly identity: VerifiedAttestation['identity'];
  readonly signedAt: Date;
}

const HASH = /^sha256:[0-9a-f]{64}$/;
const PREDICATE_KEYS = ['at', 'hash', 'ladder', 'seq'];

/**
 * Verifies a Sigstore bundle over a ledger checkpoint with the review gate's verifier
 * (verifyAttestation: trusted root, certificate identity, transparency log, timestamps), then
 * reads the head it signs. Who may sign is never open: the attestor policy must name at least
 * one attestor with the checkpoint predicate type, or nothing is verified (a checkpoint
 * anyone with a Fulcio certificate could sign anchors nothing).
 */
export function verifyLedgerCheckpoint(
  bundleJson: unknown,
  context: LedgerCheckpointContext,
): VerifiedLedgerCheckpoint {
  const c = requireObject(context, 'context');
  const policy = requireObject(c.attestors, 'context.attestors');
  requireFunction(policy, 'attestor', 'context.attestors');
  requireObject(c.trust, 'context.trust');
  const signers = context.attestors.attestors.filter(
    (a) => a.predicateType === LEDGER_CHECKPOINT_PREDICATE_TYPE,
  );
  if (signers.length === 0)
    throw new AttestError(
      'INVALID_OPTIONS',
      `no attestor attests ${LEDGER_CHECKPOINT_PREDICATE_TYPE}: name the checkpoint signer's identity in the attestor policy`,
    );
  const verifyContext = {
    trust: context.trust,
    policy: context.attestors,
    ...(context.thresholds ? { thresholds: context.thresholds } : {}),
  };
  // Identities never overlap (checked at load), so at most one signer can match; the refusal
  // kept is the one that is not an identity mismatch when there is one.
  const errors: AttestError[] = [];
  for (const signer of signers) {
    let verified: VerifiedAttestation;
    try {
      verified = verifyAttestation(bundleJson, signer, verifyContext);
    } catch (e) {
      if (!(e instanceof AttestError)) throw e;
      // A bundle that cannot be read fails the same way for every signer.
      if (e.code === 'BUNDLE_INVALID') throw e;
      errors.push(e);
      continue;
    }
    return {
      ...readCheckpoint(verified.statement),
      attestor: verified.attestor,
      identity: verified.identity,
      signedAt: verified.signedAt,
    };
  }
  const identity = new Set(['SUBJECT_MISMATCH', 'ISSUER_MISMATCH']);
  throw errors.find((e) => !identity.has(e.code)) ?? (errors[0] as AttestError);
}

// The predicate is exactly what `ledger checkpoint` prints; the subject names the same head.
// Signed bytes that say two things (a subject digest other than the predicate's hash) are
// refused rather than one of them believed.
function readCheckpoint(
  statement: InTotoStatement,
): Pick<VerifiedLedgerCheckpoint, 'head' | 'ladder' | 'at'> {
  const p = statement.predicate;
  const bad = (why: string): never => {
    throw new AttestError('PREDICATE_INVALID', `the ledger checkpoint ${why}`);
  };
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return bad('predicate is not an object');
  const o = p as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  if (keys.join() !== PREDICATE_KEYS.join())
    bad(`predicate must hold exactly ${PREDICATE_KEYS.join(', ')}; it holds ${keys.join(', ') || 'nothing'}`);
  if (typeof o.seq !== 'number' || !Number.isSafeInteger(o.seq) || o.seq < 1)
    bad('seq must be a whole number from 1 (an empty log has nothing to anchor)');
  if (typeof o.hash !== 'string' || !HASH.test(o.hash)) bad('hash must be sha256:<64 hex>');
  if (typeof o.ladder !== 'string' || !HASH.test(o.ladder)) bad('ladder must be sha256:<64 hex>');
  if (typeof o.at !== 'string' || parseInstant(o.at) === undefined) bad('at must be an RFC 3339 instant');
  const seq = o.seq as number;
  const hash = o.hash as string;
  const subjects = statement.subject;
  if (
    subjects.length !== 1 ||
    subjects[0]?.name !== `ledger-head-${seq}` ||
    subjects[0]?.digest.sha256 !== hash.slice('sha256:'.length) ||
    Object.keys(subjects[0]?.digest ?? {}).length !== 1
  )
    throw new AttestError(
      'SUBJECT_DIGEST_MISMATCH',
      `the statement's subject must be ledger-head-${seq} with the digest of ${hash}`,
    );
  return { head: { seq, hash }, ladder: o.ladder as string, at: o.at as string };
}
