// @trustladder/attest/testing: an in-process Sigstore (Fulcio, CT log, Rekor, TSA) for tests
// and examples. Needs @sigstore/mock and @sigstore/sign, which are development dependencies.
export type { SignRequest, SigstoreWorld } from './sigstore-world.js';
export { createSigstoreWorld } from './sigstore-world.js';
