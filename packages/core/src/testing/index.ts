// @trustladder/core/testing: fast-check arbitraries for property-testing blast-radius
// policies (fast-check is a peer dependency of this entry point only).
export type { ArbitraryChangeOptions, ChangeValue } from './change-arbitraries.js';
export {
  arbitraryChange,
  arbitraryPatch,
  arbitraryPath,
  arbitraryPathSpelling,
} from './change-arbitraries.js';
export type { ChangeForOptions } from './change-for-policy.js';
export { arbitraryChangeFor, contentLines } from './change-for-policy.js';
export type { PathCase, PathForOptions } from './path-for-glob.js';
export { arbitraryHitFor, arbitraryMissFor, arbitraryPathFor, globMatcher } from './path-for-glob.js';
export { arbitraryCondition, arbitraryGlob, arbitraryPolicyDocument } from './policy-arbitraries.js';
export type { PropConfig } from './prop-config.js';
export { DEFAULT_PROP_SEED, propConfig } from './prop-config.js';
export { ADDED_LINES, BLOCK_HEADERS, CONTENT_PATTERNS, LABELS, SEGMENTS } from './vocabulary.js';
