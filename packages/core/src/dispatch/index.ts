export type { ApprovalVerifier, DispatchContext } from './check-dispatch.js';
export { checkDispatch } from './check-dispatch.js';
export type { DispatchDecision, RefusalCode, RefusalReason } from './dispatch.types.js';
export { escalationRequired } from './escalation.js';
export { nextAssignment } from './next-assignment.js';
export type { Disagreement } from './reconcile.js';
export { reconcile } from './reconcile.js';
