import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { buildPolicies } from '../generate/generate.js';
import type { ImageValidatingPolicy, KyvernoPolicy } from '../kyverno.types.js';
import { defaultAttestors } from '../testdata/policies.js';
import {
  type AdmissionRequest,
  evaluatePolicy,
  ruleMatches,
  selectorMatches,
  simulateAdmission,
} from './admission.js';

const SLSA = 'https://slsa.dev/provenance/v1';
const APPROVAL = 'https://trustladder.dev/attestations/approval/v1';
const img = (name: string) =>
  `ghcr.io/acme/${name}@sha256:${createHash('sha256').update(name).digest('hex')}`;
const APP = img('payments-api');
const INIT = img('migrate');
const DEBUG = img('debug');
const BOTH = { [SLSA]: ['agent-build'], [APPROVAL]: ['human-approval'] };
const cluster = {
  namespaces: { payments: { 'blast-radius': 't3' }, scratch: {}, staging: { 'blast-radius': 't2' } },
};
const policies = () => buildPolicies(defaultAttestors());
const t3 = () => policies()[0] as ImageValidatingPolicy;
const developer = { username: 'alice', groups: ['system:authenticated'] };

function podRequest(
  spec: { containers: string[]; init?: string[]; debug?: string[]; volumes?: string[] },
  namespace = 'payments',
  extra: Partial<AdmissionRequest> = {},
): AdmissionRequest {
  return {
    operation: 'CREATE',
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace,
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace },
      spec: {
        containers: spec.containers.map((image, i) => ({ name: `c${i}`, image })),
        ...(spec.init ? { initContainers: spec.init.map((image, i) => ({ name: `i${i}`, image })) } : {}),
        ...(spec.debug
          ? { ephemeralContainers: spec.debug.map((image, i) => ({ name: `d${i}`, image })) }
          : {}),
        ...(spec.volumes
          ? { volumes: spec.volumes.map((reference, i) => ({ name: `v${i}`, image: { reference } })) }
          : {}),
      },
    },
    userInfo: developer,
    ...extra,
  };
}

const verdict = (request: AdmissionRequest, signatures = {}) =>
  evaluatePolicy(t3(), request, cluster, signatures).result;
const signedByBoth = (...images: string[]) => Object.fromEntries(images.map((i) => [i, BOTH]));

describe('tier T3 ImageValidatingPolicy, evaluated', () => {
  test('admits a pod whose every container, init and ephemeral container is signed by both attestors', () => {
    const r = podRequest({ containers: [APP], init: [INIT], debug: [DEBUG] });
    expect(simulateAdmission(policies(), r, cluster, signedByBoth(APP, INIT, DEBUG)).allowed).toBe(true);
  });

  test('denies a pod signed by only one of the two attestors, either one', () => {
    const r = podRequest({ containers: [APP] });
    expect(verdict(r, { [APP]: { [SLSA]: ['agent-build'] } })).toBe('fail');
    expect(verdict(r, { [APP]: { [APPROVAL]: ['human-approval'] } })).toBe('fail');
  });

  test('denies a signature by the wrong attestor for a predicate type', () => {
    expect(
      verdict(podRequest({ containers: [APP] }), {
        [APP]: { [SLSA]: ['agent-build'], [APPROVAL]: ['agent-build'] },
      }),
    ).toBe('fail');
  });

  test('denies a pod with an unsigned init container or an unsigned ephemeral container', () => {
    expect(verdict(podRequest({ containers: [APP], init: [INIT] }), signedByBoth(APP))).toBe('fail');
    expect(verdict(podRequest({ containers: [APP], debug: [DEBUG] }), signedByBoth(APP))).toBe('fail');
  });

  test('denies an ephemeral container added later through pods/ephemeralcontainers', () => {
    const r = podRequest({ containers: [APP], debug: [DEBUG] }, 'payments', {
      operation: 'UPDATE',
      subResource: 'ephemeralcontainers',
      oldObject: podRequest({ containers: [APP] }).object,
    });
    expect(verdict(r, signedByBoth(APP))).toBe('fail');
    expect(verdict(r, signedByBoth(APP, DEBUG))).toBe('pass');
  });

  test('denies an unsigned image volume', () => {
    expect(verdict(podRequest({ containers: [APP], volumes: [INIT] }), signedByBoth(APP))).toBe('fail');
    expect(verdict(podRequest({ containers: [APP], volumes: [INIT] }), signedByBoth(APP, INIT))).toBe('pass');
  });

  test('denies an image by tag, even when the tag is "signed"', () => {
    const tagged = 'ghcr.io/acme/payments-api:1.4.2';
    const v = evaluatePolicy(t3(), podRequest({ containers: [tagged] }), cluster, signedByBoth(tagged));
    expect(v.result).toBe('fail');
    expect(v.message).toContain('digest');
  });

  test("does not match a pod outside the tier's namespaces, nor in another tier's", () => {
    expect(verdict(podRequest({ containers: [APP] }, 'scratch'))).toBe('not-matched');
    expect(verdict(podRequest({ containers: [APP] }, 'staging'))).toBe('not-matched');
    const t2 = policies()[1] as ImageValidatingPolicy;
    expect(evaluatePolicy(t2, podRequest({ containers: [APP] }, 'staging'), cluster).result).toBe('fail');
  });

  test('does not match a DELETE', () => {
    expect(
      verdict(podRequest({ containers: [APP] }, 'payments', { operation: 'DELETE', object: null })),
    ).toBe('not-matched');
  });

  test("the seed's single call over both attestors (> 0) would admit a pod only one signed", () => {
    // Why every attestor gets its own call: verifyAttestationSignatures returns how many of
    // the listed attestors verified, and the seed's `.all(e, e > 0)` takes one for two.
    const seed = structuredClone(t3()) as ImageValidatingPolicy & { spec: { validations: unknown[] } };
    (seed.spec as { validations: unknown[] }).validations = [
      {
        expression:
          "images.containers.map(i, verifyAttestationSignatures(i, attestations['slsa-dev-provenance-v1'], [attestors['agent-build'], attestors['human-approval']])).all(e, e > 0)",
        message: 'seed',
      },
    ];
    const seedPolicy = seed as unknown as KyvernoPolicy;
    const r = podRequest({ containers: [APP] });
    const onlyAgent = { [APP]: { [SLSA]: ['agent-build'] } };
    expect(evaluatePolicy(seedPolicy, r, cluster, onlyAgent).result).toBe('pass');
    expect(verdict(r, onlyAgent)).toBe('fail');
  });
});

const namespaceRequest = (
  operation: 'CREATE' | 'UPDATE',
  label: string | undefined,
  oldLabel: string | undefined,
  groups: string[] = ['system:authenticated'],
): AdmissionRequest => {
  const ns = (l: string | undefined) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'payments', labels: l === undefined ? {} : { 'blast-radius': l } },
  });
  return {
    operation,
    resource: { group: '', version: 'v1', resource: 'namespaces' },
    object: ns(label),
    oldObject: operation === 'UPDATE' ? ns(oldLabel) : null,
    userInfo: { username: 'alice', groups },
  };
};

describe('blast-radius label ValidatingPolicy, evaluated', () => {
  const label = () => policies()[3] as KyvernoPolicy;
  const run = (r: AdmissionRequest) => evaluatePolicy(label(), r, cluster).result;

  test('lets a namespace be created with a valid tier label or none, not with another value', () => {
    expect(run(namespaceRequest('CREATE', 't3', undefined))).toBe('pass');
    expect(run(namespaceRequest('CREATE', undefined, undefined))).toBe('pass');
    expect(run(namespaceRequest('CREATE', 'T3', undefined))).toBe('fail');
  });

  test('lets the label be raised or kept, never lowered or removed by an ordinary user', () => {
    expect(run(namespaceRequest('UPDATE', 't3', 't1'))).toBe('pass');
    expect(run(namespaceRequest('UPDATE', 't3', 't3'))).toBe('pass');
    expect(run(namespaceRequest('UPDATE', 't2', 't3'))).toBe('fail');
    expect(run(namespaceRequest('UPDATE', 't0', 't3'))).toBe('fail');
    expect(run(namespaceRequest('UPDATE', undefined, 't3'))).toBe('fail');
    expect(run(namespaceRequest('UPDATE', 'none', 't3'))).toBe('fail');
  });

  test('lets the named group lower or remove it', () => {
    const admins = ['system:authenticated', 'trustladder:tier-admins'];
    expect(run(namespaceRequest('UPDATE', 't0', 't3', admins))).toBe('pass');
    expect(run(namespaceRequest('UPDATE', undefined, 't3', admins))).toBe('pass');
    expect(run(namespaceRequest('UPDATE', 'T0', 't3', admins))).toBe('fail');
  });

  test('denies when the request carries no groups to judge by (fails closed)', () => {
    const r = namespaceRequest('UPDATE', 't1', 't3');
    const noGroups = { ...r, userInfo: { username: 'alice' } } as unknown as AdmissionRequest;
    expect(run(noGroups)).toBe('error');
    expect(simulateAdmission([label()], noGroups, cluster).allowed).toBe(false);
  });
});

describe('observer read-only ValidatingPolicy, evaluated', () => {
  const readOnly = () => policies()[4] as KyvernoPolicy;
  const observer = {
    username: 'system:serviceaccount:trustladder-system:trustladder-observer',
    groups: ['system:serviceaccounts'],
  };
  const request = (
    operation: AdmissionRequest['operation'],
    resource: AdmissionRequest['resource'],
    subResource?: string,
  ) => ({
    operation,
    resource,
    namespace: 'payments',
    object: operation === 'DELETE' ? null : { kind: 'X', metadata: { name: 'x' } },
    userInfo: observer,
    ...(subResource ? { subResource } : {}),
  });
  const run = (r: AdmissionRequest) => evaluatePolicy(readOnly(), r, cluster).result;
  const pods = { group: '', version: 'v1', resource: 'pods' };
  const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };

  test('denies the observer every write to workloads: create, update, delete, scale, exec, evict', () => {
    expect(run(request('CREATE', pods))).toBe('fail');
    expect(run(request('UPDATE', deployments))).toBe('fail');
    expect(run(request('DELETE', { group: 'batch', version: 'v1', resource: 'cronjobs' }))).toBe('fail');
    expect(run(request('UPDATE', deployments, 'scale'))).toBe('fail');
    expect(run(request('CONNECT', pods, 'exec'))).toBe('fail');
    expect(run(request('CREATE', pods, 'eviction'))).toBe('fail');
  });

  test('lets other users write workloads, and does not concern the observer outside workloads', () => {
    expect(run({ ...request('CREATE', pods), userInfo: developer })).toBe('pass');
    expect(run(request('CREATE', { group: '', version: 'v1', resource: 'configmaps' }))).toBe('not-matched');
  });
});

describe('matching', () => {
  const rule = { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE' as const], resources: ['pods'] };
  const req = (subResource?: string): AdmissionRequest => ({
    operation: 'CREATE',
    resource: { group: '', version: 'v1', resource: 'pods' },
    object: {},
    userInfo: developer,
    ...(subResource ? { subResource } : {}),
  });

  test('a resource rule names a resource without its subresources, r/* all of them', () => {
    expect(ruleMatches(rule, req())).toBe(true);
    expect(ruleMatches(rule, req('exec'))).toBe(false);
    expect(ruleMatches({ ...rule, resources: ['pods/*'] }, req('exec'))).toBe(true);
    expect(ruleMatches({ ...rule, resources: ['pods/*'] }, req())).toBe(false);
  });

  test('label selectors: matchLabels and matchExpressions all hold', () => {
    expect(selectorMatches({ matchLabels: { a: '1' } }, { a: '1', b: '2' })).toBe(true);
    expect(selectorMatches({ matchLabels: { a: '1' } }, { a: '2' })).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, {})).toBe(
      true,
    );
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'In', values: ['1'] }] }, {})).toBe(
      false,
    );
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, { a: '' })).toBe(
      false,
    );
  });
});
