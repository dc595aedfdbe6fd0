import type { Environment } from '@marcbachmann/cel-js';
import type {
  ImageValidatingPolicy,
  KyvernoPolicy,
  LabelSelector,
  Operation,
  ResourceRule,
  ValidatingPolicy,
} from '../kyverno.types.js';
import { checkPolicyExpressions } from './cel-env.js';

/** One admission request, as the API server sends it to Kyverno's webhook. */
export interface AdmissionRequest {
  readonly operation: Operation;
  readonly resource: { readonly group: string; readonly version: string; readonly resource: string };
  readonly subResource?: string;
  /** The namespace of a namespaced object; absent for cluster-scoped ones. */
  readonly namespace?: string;
  readonly object: Readonly<Record<string, unknown>> | null;
  readonly oldObject?: Readonly<Record<string, unknown>> | null;
  readonly userInfo: { readonly username: string; readonly groups: readonly string[] };
}

/** What the cluster knows beside the request: the labels of each namespace. */
export interface ClusterView {
  readonly namespaces: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** image -> predicate type -> names of the attestors whose attestation of that type verifies. */
export type SignatureTable = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

export type VerdictResult = 'pass' | 'fail' | 'error' | 'not-matched';

export interface PolicyVerdict {
  readonly policy: string;
  readonly result: VerdictResult;
  readonly message?: string;
}

export interface AdmissionDecision {
  readonly allowed: boolean;
  readonly verdicts: readonly PolicyVerdict[];
}

// Simulates Kyverno's admission of one request by a set of policies: webhook matching
// (resourceRules, namespaceSelector), image extraction and the validationConfigurations of
// ImageValidatingPolicies, variables and validations evaluated in CEL, with the image
// verification functions answered from a signature table. A failed validation or an
// evaluation error denies (every generated policy is Deny with failurePolicy Fail).
export function simulateAdmission(
  policies: readonly KyvernoPolicy[],
  request: AdmissionRequest,
  cluster: ClusterView,
  signatures: SignatureTable = {},
): AdmissionDecision {
  const verdicts = policies.map((p) => evaluatePolicy(p, request, cluster, signatures));
  return { allowed: verdicts.every((v) => v.result === 'pass' || v.result === 'not-matched'), verdicts };
}

export function evaluatePolicy(
  policy: KyvernoPolicy,
  request: AdmissionRequest,
  cluster: ClusterView,
  signatures: SignatureTable = {},
): PolicyVerdict {
  const name = policy.metadata.name;
  const constraints = policy.spec.matchConstraints;
  if (!constraints.resourceRules.some((r) => ruleMatches(r, request)))
    return { policy: name, result: 'not-matched' };
  if (
    constraints.namespaceSelector &&
    !selectorMatches(constraints.namespaceSelector, namespaceLabels(request, cluster))
  ) {
    return { policy: name, result: 'not-matched' };
  }
  try {
    return policy.kind === 'ImageValidatingPolicy'
      ? evaluateImagePolicy(policy, request, cluster, signatures)
      : evaluateValidatingPolicy(policy, request, cluster);
  } catch (e) {
    return {
      policy: name,
      result: 'error',
      message: ((e as Error).message ?? String(e)).split('\n')[0] ?? '',
    };
  }
}

// Admission-registration rule semantics: '*' matches anything; "pods" matches the resource
// only, "pods/*" all of its subresources, "pods/ephemeralcontainers" that one.
export function ruleMatches(rule: ResourceRule, request: AdmissionRequest): boolean {
  const any = (list: readonly string[], value: string) => list.includes('*') || list.includes(value);
  if (!any(rule.operations, request.operation)) return false;
  if (!any(rule.apiGroups, request.resource.group) || !any(rule.apiVersions, request.resource.version))
    return false;
  const { resource } = request.resource;
  const sub = request.subResource;
  return rule.resources.some((r) => {
    if (r === '*/*') return true;
    if (sub === undefined) return r === '*' || r === resource;
    const [res, subres] = r.split('/');
    return (res === '*' || res === resource) && (subres === '*' || subres === sub);
  });
}

// A namespace object is matched by its own labels; a namespaced object by its namespace's;
// any other cluster-scoped object is always matched (the webhook never skips it).
function namespaceLabels(
  request: AdmissionRequest,
  cluster: ClusterView,
): Readonly<Record<string, string>> | null {
  if (request.resource.group === '' && request.resource.resource === 'namespaces') {
    const target = (request.object ?? request.oldObject) as {
      metadata?: { labels?: Record<string, string> };
    } | null;
    return target?.metadata?.labels ?? {};
  }
  if (request.namespace === undefined) return null;
  const labels = cluster.namespaces[request.namespace];
  if (labels === undefined) throw new Error(`the simulated cluster has no namespace ${request.namespace}`);
  return labels;
}

export function selectorMatches(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>> | null,
): boolean {
  if (labels === null) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const value = labels[e.key];
    const values = e.values ?? [];
    const ok =
      e.operator === 'Exists'
        ? has
        : e.operator === 'DoesNotExist'
          ? !has
          : e.operator === 'In'
            ? has && values.includes(value as string)
            : !has || !values.includes(value as string);
    if (!ok) return false;
  }
  return true;
}

function requestValue(request: AdmissionRequest): Record<string, unknown> {
  const object = request.object ?? null;
  const target = (object ?? request.oldObject ?? {}) as { kind?: string; metadata?: { name?: string } };
  return {
    uid: 'simulated',
    kind: { group: request.resource.group, version: request.resource.version, kind: target.kind ?? '' },
    resource: { ...request.resource },
    subResource: request.subResource ?? '',
    requestKind: {
      group: request.resource.group,
      version: request.resource.version,
      kind: target.kind ?? '',
    },
    requestResource: { ...request.resource },
    requestSubResource: request.subResource ?? '',
    name: target.metadata?.name ?? '',
    namespace: request.namespace ?? '',
    operation: request.operation,
    userInfo: {
      username: request.userInfo.username,
      uid: '',
      groups: [...request.userInfo.groups],
      extra: {},
    },
    dryRun: false,
    options: null,
    object,
    oldObject: request.oldObject ?? null,
  };
}

function baseContext(request: AdmissionRequest, cluster: ClusterView): Record<string, unknown> {
  const ns = request.namespace;
  return {
    object: request.object ?? null,
    oldObject: request.oldObject ?? null,
    request: requestValue(request),
    namespaceObject:
      ns === undefined ? null : { metadata: { name: ns, labels: { ...cluster.namespaces[ns] } } },
  };
}

// The image extractors Kyverno registers for pods (pkg/cel/compiler/images.go).
interface PodImages {
  readonly containers: string[];
  readonly initContainers: string[];
  readonly ephemeralContainers: string[];
}

function podImages(request: AdmissionRequest): PodImages {
  const pod = (request.object ?? request.oldObject ?? {}) as { spec?: Record<string, unknown> };
  const list = (field: string) =>
    ((pod.spec?.[field] as Array<{ image?: unknown }> | undefined) ?? []).map((c) => String(c.image));
  return {
    containers: list('containers'),
    initContainers: list('initContainers'),
    ephemeralContainers: list('ephemeralContainers'),
  };
}

// The verification functions read the request being evaluated from here, so each policy's
// CEL environment is built and type-checked once, not once per request.
interface VerificationState {
  signatures: SignatureTable;
  verified: Map<string, boolean>;
}
const imagePolicyCache = new WeakMap<
  ImageValidatingPolicy,
  { state: VerificationState; checked: ReturnType<typeof checkPolicyExpressions> }
>();

function compiledImagePolicy(policy: ImageValidatingPolicy) {
  const cached = imagePolicyCache.get(policy);
  if (cached) return cached;
  const types = new Map(policy.spec.attestations.map((a) => [a.name, a.intoto.type]));
  const state: VerificationState = { signatures: {}, verified: new Map() };
  const count = (image: string, type: string, attestors: readonly unknown[]) => {
    const signers = state.signatures[image]?.[type] ?? [];
    const n = attestors.filter((a) => signers.includes((a as { name: string }).name)).length;
    // Kyverno records an image as verified when a call with attestors returned > 0.
    if (attestors.length > 0) state.verified.set(image, (state.verified.get(image) ?? false) || n > 0);
    return BigInt(n);
  };
  const checked = checkPolicyExpressions(policy, {
    verifyAttestationSignatures: (image, attestation, attestors) => {
      const type = types.get(attestation);
      if (type === undefined) throw new Error(`attestation not found in policy: ${attestation}`);
      return count(image, type, attestors);
    },
    verifyImageSignatures: (image, attestors) => count(image, 'signature', attestors),
  });
  const entry = { state, checked };
  imagePolicyCache.set(policy, entry);
  return entry;
}

function evaluateImagePolicy(
  policy: ImageValidatingPolicy,
  request: AdmissionRequest,
  cluster: ClusterView,
  signatures: SignatureTable,
): PolicyVerdict {
  const name = policy.metadata.name;
  const { state, checked } = compiledImagePolicy(policy);
  if (checked.issues.length > 0)
    return { policy: name, result: 'error', message: checked.issues[0]?.message ?? '' };
  state.signatures = signatures;
  state.verified = new Map();
  const images = podImages(request);
  const context = {
    ...baseContext(request, cluster),
    images,
    attestors: Object.fromEntries(policy.spec.attestors.map((a) => [a.name, structuredClone(a)])),
    attestations: Object.fromEntries(policy.spec.attestations.map((a) => [a.name, a.name])),
  };
  const failed = runValidations(checked.compiled.environment, policy.spec.validations, context);
  if (failed) return { policy: name, ...failed };
  const all = [...images.containers, ...images.initContainers, ...images.ephemeralContainers];
  const config = policy.spec.validationConfigurations;
  const undigested = all.find((i) => !/@sha256:[0-9a-f]{64}$/.test(i));
  if (config.verifyDigest && undigested !== undefined) {
    return { policy: name, result: 'fail', message: `image ${undigested} has no digest (verifyDigest)` };
  }
  const unverified = all.find((i) => state.verified.get(i) !== true);
  if (config.required && unverified !== undefined) {
    return { policy: name, result: 'fail', message: `image ${unverified} was not verified (required)` };
  }
  return { policy: name, result: 'pass' };
}

const validatingPolicyCache = new WeakMap<ValidatingPolicy, ReturnType<typeof checkPolicyExpressions>>();

function evaluateValidatingPolicy(
  policy: ValidatingPolicy,
  request: AdmissionRequest,
  cluster: ClusterView,
): PolicyVerdict {
  const name = policy.metadata.name;
  let checked = validatingPolicyCache.get(policy);
  if (!checked) {
    checked = checkPolicyExpressions(policy);
    validatingPolicyCache.set(policy, checked);
  }
  const { compiled, issues } = checked;
  if (issues.length > 0) return { policy: name, result: 'error', message: issues[0]?.message ?? '' };
  const context: Record<string, unknown> = baseContext(request, cluster);
  // Variables are evaluated in order, each seeing the ones before (Kyverno evaluates them
  // lazily; eager evaluation differs only when an unused variable fails, and then denies).
  const variables: Record<string, unknown> = {};
  for (const v of policy.spec.variables ?? []) {
    variables[v.name] = compiled.environment.evaluate(v.expression, { ...context, variables });
  }
  const failed = runValidations(compiled.environment, policy.spec.validations, { ...context, variables });
  return failed ? { policy: name, ...failed } : { policy: name, result: 'pass' };
}

function runValidations(
  env: Environment,
  validations: ReadonlyArray<{ expression: string; message: string }>,
  context: Record<string, unknown>,
): { result: 'fail' | 'error'; message: string } | null {
  for (const v of validations) {
    const out = env.evaluate(v.expression, context);
    if (out instanceof Promise) return { result: 'error', message: 'asynchronous evaluation' };
    if (typeof out !== 'boolean')
      return { result: 'error', message: `validation evaluated to ${typeof out}` };
    if (!out) return { result: 'fail', message: v.message };
  }
  return null;
}
