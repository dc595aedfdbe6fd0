export type { TaskSpecContext } from './check-taskspec.js';
export { checkTaskSpec } from './check-taskspec.js';
export { classifyTaskSpec } from './classify-taskspec.js';
export { assertTaskSpec, loadTaskSpec } from './load-taskspec.js';
export type { Approval, TaskSpec } from './taskspec.types.js';
