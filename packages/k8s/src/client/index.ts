export type { KubeConfigOptions, LoadedKubeConfig } from './load-kube-config.js';
export { loadKubeConfig } from './load-kube-config.js';
export type { InformerOptions, KubeList, ReadOnlyClientOptions } from './read-only-client.js';
export { ReadOnlyClient } from './read-only-client.js';
export type { GuardDecision, GuardListener } from './request-guard.js';
export { RequestGuard, SELF_SUBJECT_RULES_REVIEW_PATH } from './request-guard.js';
