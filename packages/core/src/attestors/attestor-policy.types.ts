import type { Tier } from '../tier.js';

// The shapes of policies/attestors.yaml (schemas/attestors.schema.json) as parsed, and the
// compiled form every consumer (verifier, gates, Kyverno generator) reads.

export interface AttestorDocument {
  readonly name: string;
  readonly description?: string;
  readonly issuer: string;
  readonly subject?: string;
  readonly subjectRegExp?: string;
  readonly predicateType: string;
}

export interface TierRequirementDocument {
  readonly namespaceLabels: { readonly 'blast-radius': string };
  readonly require: readonly string[];
}

export interface KyvernoSettingsDocument {
  readonly apiVersion: 'policies.kyverno.io/v1';
  readonly rekorUrl?: string;
  readonly labelAdminGroups?: readonly string[];
  readonly observerServiceAccount?: string;
}

/** The trust roots of a private Sigstore deployment; absent for the public-good instance. */
export interface SigstoreTrustDocument {
  readonly fulcioRoots?: string;
  readonly rekorPublicKey?: string;
  readonly ctlogPublicKey?: string;
  readonly tsaCertChain?: string;
  readonly tuf?: { readonly mirror: string; readonly root: string };
}

export interface AttestorPolicyDocument {
  readonly apiVersion: 'trustladder.dev/v1';
  readonly kind: 'AttestorPolicy';
  readonly metadata: { readonly name: string; readonly description?: string };
  readonly attestors: readonly AttestorDocument[];
  readonly tiers: Partial<Record<Tier, TierRequirementDocument>>;
  readonly kyverno?: KyvernoSettingsDocument;
  readonly trust?: SigstoreTrustDocument;
}

/** agent: signs builds (SLSA provenance and the like); human: signs approvals. */
export type AttestorRole = 'agent' | 'human';

/** A certificate identity as Fulcio writes it: OIDC issuer and subject alternative name. */
export interface CertificateIdentity {
  readonly issuer: string | undefined;
  readonly subject: string | undefined;
}

export type SubjectPattern =
  | { readonly kind: 'exact'; readonly value: string }
  | { readonly kind: 'regexp'; readonly pattern: string };

/** Matches certificate identities: issuer exactly, subject exactly or by a whole-string RE2 match. */
export interface IdentityMatcher {
  readonly issuer: string;
  readonly subject: SubjectPattern;
  /**
   * `^escaped$` or `^(?:regex)$`, for APIs that take a RegExp (sigstore-js's
   * VerificationPolicy). Never hand such APIs a plain string: they treat it as an unanchored regex.
   */
  readonly subjectRegExp: RegExp;
  matchesIssuer(issuer: string | undefined): boolean;
  matchesSubject(subject: string | undefined): boolean;
  matches(identity: CertificateIdentity): boolean;
}

export interface CompiledAttestor {
  readonly name: string;
  readonly description: string | undefined;
  readonly role: AttestorRole;
  readonly predicateType: string;
  readonly identity: IdentityMatcher;
  /** JSON pointer of the attestor in its file, for messages. */
  readonly at: string;
}

export interface TierRequirement {
  readonly tier: Tier;
  /** The blast-radius label value of the tier's namespaces (t0..t3). */
  readonly namespaceLabel: string;
  /** Required attestors, in the file's order. */
  readonly require: readonly CompiledAttestor[];
}

export interface KyvernoSettings {
  readonly apiVersion: 'policies.kyverno.io/v1';
  readonly rekorUrl: string | undefined;
  readonly labelAdminGroups: readonly string[];
  readonly observerServiceAccount: string;
}

export interface CompiledAttestorPolicy {
  readonly name: string;
  /** sha256 of the document's canonical JSON, for the audit trail. */
  readonly digest: string;
  readonly attestors: readonly CompiledAttestor[];
  /** Tiers that require attestors, from T0 up. */
  readonly tiers: readonly TierRequirement[];
  readonly kyverno: KyvernoSettings;
  /** Private Sigstore trust roots (PEM text as written), or undefined for the public-good instance. */
  readonly trust: SigstoreTrustDocument | undefined;
  attestor(name: string): CompiledAttestor | undefined;
  tier(tier: Tier): TierRequirement | undefined;
}
