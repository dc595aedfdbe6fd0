// @trustladder/k8s: the read-only cluster observer. Explicit exports only; see STYLE.md.
export type {
  GuardDecision,
  GuardListener,
  InformerOptions,
  KubeConfigOptions,
  KubeList,
  LoadedKubeConfig,
  ReadOnlyClientOptions,
} from './client/index.js';
export {
  loadKubeConfig,
  ReadOnlyClient,
  RequestGuard,
  SELF_SUBJECT_RULES_REVIEW_PATH,
} from './client/index.js';
export type { ClusterWatcherOptions } from './cluster/cluster-watcher.js';
export { ClusterWatcher } from './cluster/cluster-watcher.js';
export type { PolicyKind, ResourceSpec, WorkloadKind } from './cluster/resources.js';
export {
  NAMESPACES,
  POLICY_KINDS,
  policyResources,
  WORKLOAD_KINDS,
  WORKLOAD_RESOURCES,
} from './cluster/resources.js';
export type { ClusterSnapshot, SourceState } from './cluster/snapshot.types.js';
export { expectedPolicies } from './drift/expected-policies.js';
export type { DriftChange, ExpectedPolicy, PolicyDrift } from './drift/policy-drift.js';
export { policyDrift } from './drift/policy-drift.js';
export type { K8sErrorCode } from './errors.js';
export { isK8sError, K8sError } from './errors.js';
export type { LadderSubject, LadderVerdict, LadderView, ObservedTier } from './ladder/index.js';
export { combineLadderViews, REMEDIATION_LEVELS, tierLadderView } from './ladder/index.js';
export type { ObserverOptions, WatchObserverOptions } from './observe.js';
export { observeOnce, watchObserver } from './observe.js';
export type { RbacReport } from './rbac/rbac-report.js';
export type { GrantReason, WriteGrant } from './rbac/write-grants.js';
export { WORKLOAD_RESOURCE_NAMES, writeGrants } from './rbac/write-grants.js';
export type { ReportInput } from './report/build-report.js';
export { buildReport } from './report/build-report.js';
export type { ReportPaint } from './report/format-report.js';
export { formatReport, PLAIN } from './report/format-report.js';
export type { NamespaceTier } from './report/namespace-tier.js';
export { BLAST_RADIUS_LABEL, namespaceTier } from './report/namespace-tier.js';
export type {
  Finding,
  FindingType,
  NamespaceReport,
  ObserverReport,
  PoliciesReport,
  SourceReport,
  UnpinnedImage,
  WorkloadReport,
} from './report/observer-report.types.js';
export type { ImageSlot, PodImage } from './report/pod-images.js';
export { isPinnedByDigest, podImages, podSpecOf } from './report/pod-images.js';
export type { PolicyReportsOptions } from './reports/policy-reports.js';
export { POLICY_REPORT_RESOURCES, readPolicyReports } from './reports/policy-reports.js';
