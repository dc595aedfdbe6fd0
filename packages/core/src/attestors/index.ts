export type {
  AttestorDocument,
  AttestorPolicyDocument,
  AttestorRole,
  CertificateIdentity,
  CompiledAttestor,
  CompiledAttestorPolicy,
  IdentityMatcher,
  KyvernoSettings,
  KyvernoSettingsDocument,
  SigstoreTrustDocument,
  SubjectPattern,
  TierRequirement,
  TierRequirementDocument,
} from './attestor-policy.types.js';
export {
  compileAttestorPolicy,
  DEFAULT_OBSERVER_SERVICE_ACCOUNT,
  loadAttestorPolicy,
} from './compile-attestors.js';
export { identityMatcher } from './identity-matcher.js';
export {
  APPROVAL_PREDICATE_TYPE,
  APPROVAL_PREDICATE_TYPES,
  IN_TOTO_STATEMENT_TYPE,
  INTERFACE_APPROVAL_PREDICATE_TYPE,
  LEDGER_CHECKPOINT_PREDICATE_TYPE,
  roleOfPredicateType,
} from './predicate-types.js';
export type { SubjectRegExpProblem } from './subject-regexp.js';
export { checkSubjectRegExp, escapeRegExp } from './subject-regexp.js';
