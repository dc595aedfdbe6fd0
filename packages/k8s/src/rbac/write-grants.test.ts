import { describe, expect, test } from 'vitest';
import { writeGrants } from './write-grants.js';

const rule = (verbs: string[], resources: string[], apiGroups = ['']) => ({ verbs, resources, apiGroups });
const reasons = (rules: ReturnType<typeof rule>[]) =>
  writeGrants({ resourceRules: rules, nonResourceRules: [], incomplete: false }).map((g) => g.reason);

describe('writeGrants', () => {
  test('reads are not writes, and the rules review create is not a workload write', () => {
    expect(
      reasons([
        rule(['get', 'list', 'watch'], ['pods', 'deployments', '*']),
        rule(['create'], ['selfsubjectrulesreviews', 'selfsubjectaccessreviews'], ['authorization.k8s.io']),
      ]),
    ).toEqual([]);
  });

  test.each([
    ['create', 'pods'],
    ['update', 'deployments'],
    ['patch', 'statefulsets'],
    ['delete', 'daemonsets'],
    ['deletecollection', 'replicasets'],
    ['create', 'jobs'],
    ['update', 'cronjobs'],
    ['delete', 'replicationcontrollers'],
    ['*', 'pods'],
    ['create', 'pods/exec'],
    ['create', 'pods/eviction'],
    ['patch', 'deployments/scale'],
    ['update', 'pods/ephemeralcontainers'],
    ['patch', '*'],
    ['PATCH', 'Deployments'],
    ['frobnicate', 'pods'],
  ])('%s on %s is a workload write', (verb, resource) => {
    expect(reasons([rule([verb], [resource], ['apps'])])).toEqual(['workload-write']);
  });

  test('the API group does not narrow a workload rule, and resourceNames do not make it safe', () => {
    expect(
      writeGrants({
        resourceRules: [
          {
            verbs: ['patch'],
            apiGroups: ['example.com'],
            resources: ['deployments'],
            resourceNames: ['api'],
          },
        ],
        nonResourceRules: [],
        incomplete: false,
      }),
    ).toEqual([
      {
        reason: 'workload-write',
        apiGroups: ['example.com'],
        resources: ['deployments'],
        verbs: ['patch'],
        resourceNames: ['api'],
      },
    ]);
  });

  test.each([
    [['impersonate'], ['users']],
    [['impersonate'], ['serviceaccounts']],
    [['escalate'], ['clusterroles']],
    [['bind'], ['roles']],
    [['create'], ['rolebindings']],
    [['update'], ['clusterrolebindings']],
    [['create'], ['serviceaccounts/token']],
  ])('%s on %s is an escalation', (verbs, resources) => {
    expect(reasons([rule(verbs, resources, ['rbac.authorization.k8s.io'])])).toEqual(['escalation']);
  });

  test('writes on unrelated resources are not reported', () => {
    expect(reasons([rule(['create', 'delete'], ['configmaps', 'events', 'leases'])])).toEqual([]);
  });
});
