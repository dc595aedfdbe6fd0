// Progressive trust levels 0 OBSERVE .. 5 AUTONOMOUS (docs/trust-levels.md). Pure, no I/O.
export { trustLevelView } from './ladder-view.js';
export type { ActionKind, TrustLevel, TrustLevelCheck, TrustLevelName } from './trust-level.types.js';
export { ACTION_KINDS, ACTION_MINIMUM_LEVEL, isActionKind, TRUST_LEVEL_NAMES } from './trust-level.types.js';
export type { TrustLevelRecord } from './trust-level-state.js';
export { foldTrustLevels, TrustLevelState } from './trust-level-state.js';
