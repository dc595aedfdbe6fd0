// @trustladder/kyverno/testing: an offline Sigstore deployment, a local OCI registry and
// attestors.yaml pointed at them, for end-to-end tests of signed images (here and in
// @trustladder/k8s against a real API server).
export type { LocalRegistry } from './local-registry.js';
export { startLocalRegistry } from './local-registry.js';
export { testSigstoreAttestors } from './test-attestors.js';
export type { Signer, TestSigstore } from './test-sigstore.js';
export { startTestSigstore } from './test-sigstore.js';
export type { TufRepository } from './tuf-repository.js';
export { serveTufRepository } from './tuf-repository.js';
