export type { ControlPlaneBinaries } from './binaries.js';
export { findControlPlaneBinaries } from './binaries.js';
export type { ControlPlane, ControlPlaneOptions, ControlPlaneUser } from './control-plane.js';
export { startControlPlane } from './control-plane.js';
export { freeLoopbackPort } from './free-port.js';
export type { TokenKubeconfigOptions } from './kubeconfig.js';
export { tokenKubeconfig } from './kubeconfig.js';
export type { SupervisedProcessOptions } from './supervised-process.js';
export { SupervisedProcess } from './supervised-process.js';
