export type { PodImages } from './cluster-fixtures.js';
export { cronJob, deployment, installPolicies, namespace, pinned, pod, podSpec } from './cluster-fixtures.js';
export type {
  ControlPlane,
  ControlPlaneBinaries,
  ControlPlaneOptions,
  ControlPlaneUser,
  SupervisedProcessOptions,
  TokenKubeconfigOptions,
} from './control-plane/index.js';
export {
  findControlPlaneBinaries,
  freeLoopbackPort,
  SupervisedProcess,
  startControlPlane,
  tokenKubeconfig,
} from './control-plane/index.js';
export type { ExampleCluster } from './example-cluster.js';
export { loadExampleCluster } from './example-cluster.js';
export type {
  CollectionName,
  FakeApiServerOptions,
  FakeObject,
  FakeResourceRule,
  RecordedRequest,
} from './fake-api-server.js';
export { FakeApiServer, READ_ONLY_RULES } from './fake-api-server.js';
