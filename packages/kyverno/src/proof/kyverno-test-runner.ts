import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { KyvernoError } from '../errors.js';
import type { KyvernoPolicy, Operation } from '../kyverno.types.js';
import {
  type AdmissionRequest,
  evaluatePolicy,
  type SignatureTable,
  type VerdictResult,
} from './admission.js';
import { validateAgainstCrd } from './crd-validator.js';

// Runs a Kyverno CLI test directory (kyverno-test.yaml and the files it names) through
// trustladder's admission simulator, with trustladder-expectations.yaml beside it supplying
// the signature table and the resources a policy must not match.

/** The API resource of each kind the fixtures use. */
const KINDS: Readonly<
  Record<string, { group: string; version: string; resource: string; namespaced: boolean }>
> = {
  Pod: { group: '', version: 'v1', resource: 'pods', namespaced: true },
  ReplicationController: { group: '', version: 'v1', resource: 'replicationcontrollers', namespaced: true },
  Namespace: { group: '', version: 'v1', resource: 'namespaces', namespaced: false },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true },
  ReplicaSet: { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true },
  StatefulSet: { group: 'apps', version: 'v1', resource: 'statefulsets', namespaced: true },
  DaemonSet: { group: 'apps', version: 'v1', resource: 'daemonsets', namespaced: true },
  Job: { group: 'batch', version: 'v1', resource: 'jobs', namespaced: true },
  CronJob: { group: 'batch', version: 'v1', resource: 'cronjobs', namespaced: true },
};

export interface FixtureOutcome {
  readonly policy: string;
  readonly kind: string;
  readonly resource: string;
  readonly expected: VerdictResult;
  readonly actual: VerdictResult;
  readonly message?: string;
}

interface KyvernoTest {
  readonly kind: string;
  readonly policies: readonly string[];
  readonly resources: readonly string[];
  readonly oldResources?: readonly string[];
  readonly variables?: string;
  readonly userinfo?: string;
  readonly results: ReadonlyArray<{
    readonly policy: string;
    readonly kind: string;
    readonly resources: readonly string[];
    readonly result: VerdictResult;
    readonly resourceOperation?: Operation;
  }>;
}

interface Resource {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

interface Values {
  readonly namespaceSelector?: ReadonlyArray<{
    readonly name: string;
    readonly labels?: Record<string, string>;
  }>;
  readonly globalValues?: Readonly<Record<string, unknown>>;
}

interface UserInfo {
  readonly userInfo?: { readonly username?: string; readonly groups?: readonly string[] };
}

interface Expectations {
  readonly signatures?: SignatureTable;
  readonly notMatched?: ReadonlyArray<{ readonly kind: string; readonly name: string }>;
}

function loadAll<T = Resource>(file: string): T[] {
  try {
    return yaml.loadAll(readFileSync(file, 'utf8'), undefined, { schema: yaml.CORE_SCHEMA }) as T[];
  } catch (e) {
    throw new KyvernoError('FIXTURE_INVALID', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
}

/** Runs one directory holding a kyverno-test.yaml; returns one outcome per resource checked. */
export function runKyvernoTest(dir: string): FixtureOutcome[] {
  const [test] = loadAll<KyvernoTest>(join(dir, 'kyverno-test.yaml'));
  if (test?.kind !== 'Test')
    throw new KyvernoError('FIXTURE_INVALID', `${dir}/kyverno-test.yaml is not a Test`);
  const at = (p: string) => resolve(dir, p);
  const policies = new Map<string, KyvernoPolicy>();
  for (const p of test.policies) {
    for (const doc of loadAll<KyvernoPolicy>(at(p))) {
      const issues = validateAgainstCrd(doc);
      if (issues.length > 0) {
        throw new KyvernoError('CRD_INVALID', `${p} does not satisfy its CRD`, { issues });
      }
      policies.set(doc.metadata.name, doc);
    }
  }
  const resources = test.resources.flatMap((r) => loadAll(at(r)));
  const oldResources = (test.oldResources ?? []).flatMap((r) => loadAll(at(r)));
  const values = test.variables ? loadAll<Values>(at(test.variables))[0] : undefined;
  const user = test.userinfo ? loadAll<UserInfo>(at(test.userinfo))[0]?.userInfo : undefined;
  const expectationsFile = join(dir, 'trustladder-expectations.yaml');
  const expectations: Expectations = existsSync(expectationsFile)
    ? (loadAll<Expectations>(expectationsFile)[0] ?? {})
    : {};
  const namespaces: Record<string, Record<string, string>> = {};
  for (const ns of values?.namespaceSelector ?? []) namespaces[ns.name] = ns.labels ?? {};
  const globalOperation = values?.globalValues?.['request.operation'] as Operation | undefined;

  const find = (docs: Resource[], kind: string, name: string) =>
    docs.find((d) => d.kind === kind && d.metadata?.name === name);
  const run = (
    policyName: string,
    kind: string,
    name: string,
    operation: Operation | undefined,
    expected: VerdictResult,
  ) => {
    const policy = policies.get(policyName);
    if (!policy) throw new KyvernoError('FIXTURE_INVALID', `${dir}: no policy ${policyName}`);
    const object = find(resources, kind, name);
    const api = KINDS[kind];
    if (!object || !api)
      throw new KyvernoError('FIXTURE_INVALID', `${dir}: no ${kind} ${name} among the resources`);
    const op = operation ?? globalOperation ?? 'CREATE';
    const namespace = api.namespaced ? (object.metadata?.namespace ?? 'default') : undefined;
    if (namespace !== undefined && !(namespace in namespaces)) namespaces[namespace] = {};
    const request: AdmissionRequest = {
      operation: op,
      resource: { group: api.group, version: api.version, resource: api.resource },
      ...(namespace === undefined ? {} : { namespace }),
      object: op === 'DELETE' ? null : object,
      oldObject: op === 'CREATE' ? null : (find(oldResources, kind, name) ?? null),
      userInfo: {
        username: user?.username ?? 'kubernetes-admin',
        groups: user?.groups ?? ['system:authenticated'],
      },
    };
    const verdict = evaluatePolicy(policy, request, { namespaces }, expectations.signatures ?? {});
    return {
      policy: policyName,
      kind,
      resource: name,
      expected,
      actual: verdict.result,
      ...(verdict.message === undefined ? {} : { message: verdict.message }),
    };
  };

  const outcomes: FixtureOutcome[] = [];
  for (const r of test.results) {
    for (const name of r.resources) {
      outcomes.push(run(r.policy, r.kind, name, r.resourceOperation, r.result));
    }
  }
  for (const policyName of policies.keys()) {
    for (const n of expectations.notMatched ?? [])
      outcomes.push(run(policyName, n.kind, n.name, undefined, 'not-matched'));
  }
  return outcomes;
}
