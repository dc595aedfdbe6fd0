// @trustladder/kyverno: Kyverno policies generated from attestors.yaml, and the proof that
// they do what they say (CRD schemas, CEL compilation, admission simulated on fixtures).
export type { KyvernoErrorCode } from './errors.js';
export { KyvernoError } from './errors.js';
export type { GeneratedFile, GeneratedPolicies } from './generate/generate.js';
export { buildPolicies, GENERATED_MARKER, generateKyverno } from './generate/generate.js';
export {
  attestationName,
  LABEL_POLICY_NAME,
  READ_ONLY_POLICY_NAME,
  tierPolicyName,
} from './generate/names.js';
export type {
  ImageValidatingPolicy,
  KyvernoPolicy,
  LabelSelector,
  Operation,
  ResourceRule,
  ValidatingPolicy,
  Validation,
} from './kyverno.types.js';
export type {
  AdmissionDecision,
  AdmissionRequest,
  ClusterView,
  PolicyVerdict,
  SignatureTable,
  VerdictResult,
} from './proof/admission.js';
export { evaluatePolicy, ruleMatches, selectorMatches, simulateAdmission } from './proof/admission.js';
export type { CompiledPolicyExpressions, ImageVerificationFunctions } from './proof/cel-env.js';
export {
  checkPolicyExpressions,
  imageValidatingPolicyEnvironment,
  validatingPolicyEnvironment,
} from './proof/cel-env.js';
export type { CrdKind } from './proof/crd-validator.js';
export { isCrdKind, strictCrdSchema, validateAgainstCrd } from './proof/crd-validator.js';
export type { FixtureOutcome } from './proof/kyverno-test-runner.js';
export { runKyvernoTest } from './proof/kyverno-test-runner.js';
export { proveGenerated } from './proof/prove.js';
export type { WriteReport } from './write/write-files.js';
export { writeGeneratedFiles } from './write/write-files.js';
