export type { LadderSubject, LadderVerdict, LadderView, ObservedTier } from './ladder-view.js';
export { combineLadderViews, REMEDIATION_LEVELS, tierLadderView } from './ladder-view.js';
