import type { KubernetesObject } from '@kubernetes/client-node';
import type { CompiledAttestorPolicy } from '@trustladder/core';
import {
  NAMESPACES,
  type PolicyKind,
  policyResources,
  type ResourceSpec,
  WORKLOAD_RESOURCES,
} from '../cluster/resources.js';
import { type ClusterSnapshot, objectsOf, type SourceState } from '../cluster/snapshot.types.js';
import { type ExpectedPolicy, policyDrift } from '../drift/policy-drift.js';
import type { LadderSubject, LadderVerdict, LadderView } from '../ladder/ladder-view.js';
import type { RbacReport } from '../rbac/rbac-report.js';
import { type NamespaceTier, namespaceTier, requiresPinnedImages } from './namespace-tier.js';
import type {
  Finding,
  NamespaceReport,
  ObserverReport,
  SourceReport,
  WorkloadReport,
} from './observer-report.types.js';
import { isPinnedByDigest, podImages, podSpecOf } from './pod-images.js';

export interface ReportInput {
  readonly snapshot: ClusterSnapshot;
  readonly cluster: { readonly server: string; readonly context: string };
  readonly attestors: CompiledAttestorPolicy;
  readonly expected: readonly ExpectedPolicy[];
  readonly rbac: RbacReport;
  readonly ladder: LadderView;
  readonly now?: Date;
}

// Builds the report from a snapshot: pure apart from asking the ladder view. Everything is
// sorted, so two snapshots of the same cluster give the same report (watch mode reprints
// only when the report changes).
export async function buildReport(input: ReportInput): Promise<ObserverReport> {
  const { snapshot, attestors, ladder } = input;
  const tiers = new Map<string, NamespaceTier>();
  for (const ns of byName(objectsOf(snapshot.namespaces)))
    tiers.set(ns.metadata?.name ?? '', namespaceTier(ns.metadata?.labels));
  const tierOf = (namespace: string): NamespaceTier =>
    tiers.get(namespace) ?? { tier: 'unknown', label: null, problem: 'missing-label' };

  const namespaces: NamespaceReport[] = [];
  for (const [name, t] of tiers) {
    namespaces.push({
      name,
      label: t.label,
      tier: t.tier,
      ...(t.problem ? { problem: t.problem } : {}),
      ladder: await ask(ladder, { namespace: name, tier: t.tier }),
    });
  }

  const workloads: WorkloadReport[] = [];
  for (const r of WORKLOAD_RESOURCES) {
    for (const o of byName(objectsOf(snapshot.workloads.get(r.kind)))) {
      const namespace = o.metadata?.namespace ?? '';
      const { tier } = tierOf(namespace);
      if (!requiresPinnedImages(tier)) continue;
      const unpinned = podImages(podSpecOf(r.kind, o))
        .filter((i) => !isPinnedByDigest(i.image))
        .map((i) => ({ slot: i.slot, name: i.name, image: i.image }));
      if (unpinned.length === 0) continue;
      const name = o.metadata?.name ?? '';
      const owner = o.metadata?.ownerReferences?.find((ref) => ref.controller === true);
      workloads.push({
        namespace,
        tier,
        kind: r.kind,
        name,
        controller: owner ? { kind: owner.kind, name: owner.name } : null,
        unpinned,
        ladder: await ask(ladder, { namespace, tier, workload: { kind: r.kind, name } }),
      });
    }
  }
  workloads.sort(
    (a, b) =>
      compare(a.namespace, b.namespace) || kindRank(a.kind) - kindRank(b.kind) || compare(a.name, b.name),
  );

  const apiVersion = attestors.kyverno.apiVersion;
  const installed = new Map<PolicyKind, readonly KubernetesObject[]>();
  for (const [kind, source] of snapshot.policies) installed.set(kind, objectsOf(source));
  const served =
    [...snapshot.policies.values()].every((s) => s.state !== 'not-served') && snapshot.policies.size > 0;
  const drift = policyDrift(input.expected, installed);

  const sources: SourceReport[] = [
    sourceReport(NAMESPACES, snapshot.namespaces),
    ...WORKLOAD_RESOURCES.map((r) => sourceReport(r, snapshot.workloads.get(r.kind))),
    ...policyResources(apiVersion).map((r) => sourceReport(r, snapshot.policies.get(r.kind))),
  ];

  const findings: Finding[] = [];
  const rbac = input.rbac;
  if (rbac.state === 'writes-granted') {
    findings.push({
      type: 'rbac-writes',
      subject: `rbac/${rbac.namespace}`,
      message: `the observer's own RBAC grants ${rbac.writeGrants.map((g) => `${g.verbs.join(',')} on ${g.resources.join(',')}`).join('; ')}`,
    });
  } else if (rbac.state === 'unverified') {
    findings.push({
      type: 'rbac-unverified',
      subject: `rbac/${rbac.namespace}`,
      message: `the observer's RBAC could not be shown read-only: ${rbac.problem ?? 'unknown reason'}`,
    });
  }
  for (const s of sources) {
    if (s.state === 'error' || s.state === 'pending') {
      findings.push({
        type: 'source-unavailable',
        subject: s.resource,
        message:
          s.state === 'pending'
            ? `${s.resource} not listed yet`
            : `${s.resource} cannot be read: ${s.problem ?? ''}`,
      });
    }
  }
  for (const d of drift) {
    findings.push({
      type: 'policy-drift',
      subject: `${d.kind}/${d.name}`,
      message:
        d.change === 'missing'
          ? `${d.kind} ${d.name} is not installed${served ? '' : ` (${apiVersion} is not served: is Kyverno installed?)`}`
          : d.change === 'extra'
            ? `${d.kind} ${d.name} is installed but not generated from ${attestors.name}`
            : `${d.kind} ${d.name} differs from the generated policy at ${d.fields.join(', ')}`,
    });
  }
  for (const w of workloads) {
    findings.push({
      type: 'unpinned-image',
      subject: `${w.namespace}/${w.kind}/${w.name}`,
      message: `${w.kind} ${w.namespace}/${w.name} (${w.tier}) runs ${w.unpinned.map((i) => `${i.image || '(no image)'} in ${i.slot} ${i.name}`).join(', ')} not pinned by digest`,
    });
  }

  return {
    at: (input.now ?? new Date()).toISOString(),
    cluster: { server: input.cluster.server, context: input.cluster.context },
    attestors: { name: attestors.name, digest: attestors.digest },
    ok: findings.length === 0,
    findings,
    rbac,
    namespaces,
    policies: {
      apiVersion,
      served,
      expected: input.expected.map((e) => ({ kind: e.kind, name: e.metadata.name })),
      drift,
    },
    workloads,
    sources,
  };
}

// A view that throws leaves a note, never a missing verdict or a failed report.
async function ask(ladder: LadderView, subject: LadderSubject): Promise<LadderVerdict> {
  try {
    return await ladder.verdict(subject);
  } catch (e) {
    return { notes: [`the ladder view failed: ${e instanceof Error ? e.message : String(e)}`] };
  }
}

function sourceReport(r: ResourceSpec, s: SourceState | undefined): SourceReport {
  if (s === undefined) return { resource: r.plural, state: 'pending' };
  return s.state === 'error'
    ? { resource: r.plural, state: 'error', problem: s.problem }
    : { resource: r.plural, state: s.state };
}

function byName(objects: readonly KubernetesObject[]): KubernetesObject[] {
  return [...objects].sort(
    (a, b) =>
      compare(a.metadata?.namespace ?? '', b.metadata?.namespace ?? '') ||
      compare(a.metadata?.name ?? '', b.metadata?.name ?? ''),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function kindRank(kind: string): number {
  return WORKLOAD_RESOURCES.findIndex((r) => r.kind === kind);
}
