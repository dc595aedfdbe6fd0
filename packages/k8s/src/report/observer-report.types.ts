import type { PolicyDrift } from '../drift/policy-drift.js';
import type { LadderVerdict, ObservedTier } from '../ladder/ladder-view.js';
import type { RbacReport } from '../rbac/rbac-report.js';
import type { ImageSlot } from './pod-images.js';

// The observer's report (schemas/observer-report.schema.json): what `trustladder observe
// --json` prints. `findings` summarises what makes the exit code 1; the other members are the
// details.

export type FindingType =
  | 'policy-drift' // a generated Kyverno policy is missing, changed or extra
  | 'unpinned-image' // a workload in a T2, T3 or unknown-tier namespace runs an image not pinned by digest
  | 'rbac-writes' // the observer's own RBAC grants a write on workloads, or a way to one
  | 'rbac-unverified' // the observer could not show that its RBAC is read-only
  | 'source-unavailable'; // a collection could not be read: the report may be blind to part of the cluster

export interface Finding {
  readonly type: FindingType;
  /** What it is about: `ImageValidatingPolicy/trustladder-t3-attestations`, `payments/Deployment/api`, ... */
  readonly subject: string;
  readonly message: string;
}

export interface NamespaceReport {
  readonly name: string;
  /** The blast-radius label's value, or null when missing. */
  readonly label: string | null;
  readonly tier: ObservedTier;
  readonly problem?: 'missing-label' | 'unrecognised-label';
  readonly ladder: LadderVerdict;
}

export interface UnpinnedImage {
  readonly slot: ImageSlot;
  readonly name: string;
  readonly image: string;
}

export interface WorkloadReport {
  readonly namespace: string;
  readonly tier: ObservedTier;
  readonly kind: string;
  readonly name: string;
  /** The controlling owner (a Deployment's ReplicaSet, a ReplicaSet's Pod), or null. */
  readonly controller: { readonly kind: string; readonly name: string } | null;
  readonly unpinned: readonly UnpinnedImage[];
  readonly ladder: LadderVerdict;
}

export interface PoliciesReport {
  /** The Kyverno API the policies are generated for (attestors.yaml kyverno.apiVersion). */
  readonly apiVersion: string;
  /** Whether the API server serves both policy kinds at that version (Kyverno installed). */
  readonly served: boolean;
  readonly expected: ReadonlyArray<{ readonly kind: string; readonly name: string }>;
  readonly drift: readonly PolicyDrift[];
}

export interface SourceReport {
  /** The plural resource, e.g. pods, imagevalidatingpolicies. */
  readonly resource: string;
  readonly state: 'synced' | 'not-served' | 'error' | 'pending';
  readonly problem?: string;
}

export interface ObserverReport {
  /** When the report was built (RFC 3339, UTC). */
  readonly at: string;
  readonly cluster: { readonly server: string; readonly context: string };
  readonly attestors: { readonly name: string; readonly digest: string };
  /** True when there is no finding. */
  readonly ok: boolean;
  readonly findings: readonly Finding[];
  readonly rbac: RbacReport;
  readonly namespaces: readonly NamespaceReport[];
  readonly policies: PoliciesReport;
  readonly workloads: readonly WorkloadReport[];
  readonly sources: readonly SourceReport[];
}
