// @trustladder/kyverno: Kyverno policies generated from attestors.yaml, fast static checks
// (CRD schemas, CEL compilation), and the proof that they do what they say: every fixture run
// by Kyverno's own engine (the Kyverno CLI and an admission harness built from Kyverno's module).

export type { AdmissionCaseOutcome } from './engine/admission-cases.js';
export { runAdmissionCases } from './engine/admission-cases.js';
export type { CliTestRow } from './engine/kyverno-cli-test.js';
export { runKyvernoCliTest } from './engine/kyverno-cli-test.js';
export type { FixtureReport } from './engine/run-fixtures.js';
export { runFixtures } from './engine/run-fixtures.js';
export type { KyvernoTools } from './engine/tools.js';
export { findKyvernoTools, KYVERNO_SETUP_HINT, requireKyvernoTools } from './engine/tools.js';
export type { KyvernoErrorCode } from './errors.js';
export { KyvernoError } from './errors.js';
export type { GeneratedFile, GeneratedPolicies } from './generate/generate.js';
export { buildPolicies, GENERATED_MARKER, generateKyverno } from './generate/generate.js';
export {
  attestationName,
  LABEL_POLICY_NAME,
  READ_ONLY_POLICY_NAME,
  tierEphemeralPolicyName,
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
export type { CompiledPolicyExpressions, ImageVerificationFunctions } from './proof/cel-env.js';
export {
  checkPolicyExpressions,
  imageValidatingPolicyEnvironment,
  validatingPolicyEnvironment,
} from './proof/cel-env.js';
export type { CrdKind } from './proof/crd-validator.js';
export { isCrdKind, strictCrdSchema, validateAgainstCrd } from './proof/crd-validator.js';
export { proveGenerated } from './proof/prove.js';
export type { WriteReport } from './write/write-files.js';
export { writeGeneratedFiles } from './write/write-files.js';
