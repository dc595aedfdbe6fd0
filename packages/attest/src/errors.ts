// Every refusal of the verifier and the gates has its own code, so callers (and tests) can
// tell a forged identity from a stale approval without reading messages.
export type AttestErrorCode =
  | 'BUNDLE_INVALID' // not a Sigstore bundle, or not a DSSE attestation
  | 'KEY_NOT_CERTIFICATE' // signed by a bare public key: no certificate identity to check
  | 'TRUSTED_ROOT_INVALID' // the trusted-root JSON cannot be used
  | 'INVALID_OPTIONS' // a caller's mistake, such as a threshold below 1
  | 'INVALID_ARGUMENT' // an entry point was called with an argument it cannot check (no binding digest, an invalid Date, a tier 't3')
  | 'UNTRUSTED_CERTIFICATE' // the certificate does not chain to a trusted CA at signing time, or lacks SCTs
  | 'TIMESTAMP_UNVERIFIED' // not enough verified timestamps (TSA or transparency log)
  | 'TLOG_UNVERIFIED' // the transparency-log entry or its inclusion proof does not verify
  | 'PAYLOAD_TAMPERED' // the signature or the log entry does not cover this payload
  | 'VERIFICATION_FAILED' // any other cryptographic failure
  | 'ISSUER_MISMATCH' // the certificate's OIDC issuer is not the attestor's
  | 'SUBJECT_MISMATCH' // the certificate's subject is not the attestor's
  | 'IDENTITY_OVERLAP' // the certificate identity matches more than one attestor
  | 'SAME_IDENTITY' // an agent's and a human's attestations carry the same certificate identity
  | 'NOT_AN_APPROVER' // an approval was checked against an agent (build) attestor
  | 'PAYLOAD_TYPE_INVALID' // the DSSE payload is not an in-toto statement
  | 'STATEMENT_INVALID' // the payload is not a well-formed in-toto statement (or not UTF-8, or has a BOM, or nests too deep)
  | 'STATEMENT_DUPLICATE_KEY' // the signed JSON repeats a key: two readers could see two statements
  | 'PREDICATE_TYPE_MISMATCH' // the statement attests another predicate than the attestor's
  | 'PREDICATE_INVALID' // the approval predicate does not satisfy its schema
  | 'TASK_MISMATCH' // the approval names another task
  | 'TIER_MISMATCH' // the approval names another tier
  | 'DIGEST_MISMATCH' // the approval names another change or image digest
  | 'SUBJECT_DIGEST_MISMATCH' // the statement's subjects do not include the approved digest
  | 'POLICY_DIGEST_MISMATCH' // the approval was given under another policy
  | 'REPO_MISMATCH' // the approval names another repository, or none where one is under review
  | 'APPROVAL_DATES_INVALID' // approvedAt or expiresAt is not a real RFC 3339 time, expires before it was given, or was given after it was signed
  | 'APPROVAL_NOT_YET_VALID' // the evaluation time is before approvedAt
  | 'EVALUATED_BEFORE_SIGNING' // the evaluation time is before the signature's verified time (it would revive an expired approval)
  | 'DUPLICATE_ATTESTATION' // the same signature was given again; it counts once
  | 'APPROVAL_EXPIRED'; // the approval's expiresAt has passed

export class AttestError extends Error {
  override readonly name = 'AttestError';
  readonly code: AttestErrorCode;

  constructor(code: AttestErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isAttestError(e: unknown): e is AttestError {
  return e instanceof AttestError;
}
