import type { KubernetesObject } from '@kubernetes/client-node';
import { escapePointerToken } from '@trustladder/core';
import type { PolicyKind } from '../cluster/resources.js';
import { applyDefaults } from './crd-default-tree.js';
import { CRD_SPEC_DEFAULTS } from './crd-defaults.generated.js';

/** The label every generated policy carries (app.kubernetes.io/managed-by: trustladder). */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'trustladder';
/** Generated policy names start so; an installed policy so named is trustladder's, labelled or not. */
export const POLICY_NAME_PREFIX = 'trustladder-';
/** At most this many differing fields are listed per policy. */
export const MAX_FIELDS = 20;

export type DriftChange = 'missing' | 'changed' | 'extra';

export interface PolicyDrift {
  readonly kind: PolicyKind;
  readonly name: string;
  readonly change: DriftChange;
  /** JSON pointers of the fields that differ (changed only), at most MAX_FIELDS. */
  readonly fields: readonly string[];
}

export interface ExpectedPolicy {
  readonly kind: PolicyKind;
  readonly metadata: {
    readonly name: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec: unknown;
}

// Compares the generated policies with the installed ones, on the fields that matter: the
// whole spec (after the CRD's defaults are applied to the expected one, as the API server
// applies them to the installed one), and the labels and annotations the generator sets
// (others may add their own: kubectl's last-applied annotation, a GitOps tool's labels).
// An installed policy is trustladder's when it carries the managed-by label or a generated
// name; one that is neither expected nor matching is extra (a stale tier, a renamed policy).
export function policyDrift(
  expected: readonly ExpectedPolicy[],
  installed: ReadonlyMap<PolicyKind, readonly KubernetesObject[]>,
): PolicyDrift[] {
  const drift: PolicyDrift[] = [];
  const key = (kind: string, name: string) => `${kind}/${name}`;
  const installedByKey = new Map<string, KubernetesObject>();
  for (const [kind, objects] of installed) {
    for (const o of objects) installedByKey.set(key(kind, o.metadata?.name ?? ''), o);
  }
  const expectedKeys = new Set<string>();
  for (const e of expected) {
    expectedKeys.add(key(e.kind, e.metadata.name));
    const actual = installedByKey.get(key(e.kind, e.metadata.name));
    if (actual === undefined) {
      drift.push({ kind: e.kind, name: e.metadata.name, change: 'missing', fields: [] });
      continue;
    }
    const fields = compareExpected(e, actual);
    if (fields.length > 0) drift.push({ kind: e.kind, name: e.metadata.name, change: 'changed', fields });
  }
  for (const [kind, objects] of installed) {
    for (const o of objects) {
      const name = o.metadata?.name ?? '';
      if (expectedKeys.has(key(kind, name)) || !isTrustladders(o)) continue;
      drift.push({ kind, name, change: 'extra', fields: [] });
    }
  }
  return drift.sort((a, b) => order(a).localeCompare(order(b)));
}

function order(d: PolicyDrift): string {
  return `${d.kind}/${d.name}/${d.change}`;
}

function isTrustladders(o: KubernetesObject): boolean {
  return (
    o.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE ||
    (o.metadata?.name ?? '').startsWith(POLICY_NAME_PREFIX)
  );
}

function compareExpected(e: ExpectedPolicy, actual: KubernetesObject): string[] {
  const fields: string[] = [];
  const want = applyDefaults(toPlain(e.spec), CRD_SPEC_DEFAULTS[e.kind]);
  diff(want, toPlain((actual as { spec?: unknown }).spec), '/spec', fields);
  for (const part of ['labels', 'annotations'] as const) {
    const wanted = e.metadata[part] ?? {};
    const got = actual.metadata?.[part] ?? {};
    for (const [k, v] of Object.entries(wanted)) {
      if (got[k] !== v) fields.push(`/metadata/${part}/${escapePointerToken(k)}`);
    }
  }
  return fields.slice(0, MAX_FIELDS);
}

// JSON values only: the generator builds plain objects, and what the API server sends is
// parsed JSON, but `undefined` members must not count as fields.
function toPlain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Appends the JSON pointer of every place where `a` and `b` differ. */
export function diff(a: unknown, b: unknown, at: string, out: string[]): void {
  if (out.length >= MAX_FIELDS) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      out.push(at);
      return;
    }
    for (let i = 0; i < a.length; i++) diff(a[i], b[i], `${at}/${i}`, out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) diff(a[k], b[k], `${at}/${escapePointerToken(k)}`, out);
    return;
  }
  if (a !== b) out.push(at);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
