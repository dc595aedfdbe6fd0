// @trustladder/core/testing: fast-check arbitraries for property-testing blast-radius
// policies (fast-check is a peer dependency of this entry point only).
export type { ChangeValue } from './change-arbitraries.js';
export {
  arbitraryChange,
  arbitraryPatch,
  arbitraryPath,
  arbitraryPathSpelling,
} from './change-arbitraries.js';
export { arbitraryCondition, arbitraryGlob, arbitraryPolicyDocument } from './policy-arbitraries.js';
export type { PropConfig } from './prop-config.js';
export { DEFAULT_PROP_SEED, propConfig } from './prop-config.js';
export { ADDED_LINES, BLOCK_HEADERS, CONTENT_PATTERNS, LABELS, SEGMENTS } from './vocabulary.js';
