import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_OBSERVER_SERVICE_ACCOUNT, parseYaml } from '@trustladder/core';
import { describe, expect, test } from 'vitest';
import { NAMESPACES, policyResources, WORKLOAD_RESOURCES } from '../cluster/resources.js';
import { POLICY_REPORT_RESOURCES } from '../reports/policy-reports.js';
import { READ_ONLY_RULES } from '../testing/fake-api-server.js';
import { writeGrants } from './write-grants.js';

// deploy/observer/: the observer's namespace, ServiceAccount, ClusterRole and binding. The
// proof that they grant nothing but reads is made on the parsed manifests, so editing a YAML
// file is enough to fail it.
const DIR = join(import.meta.dirname, '../../../../deploy/observer');
const READS = new Set(['get', 'list', 'watch']);
const REVIEW = 'selfsubjectrulesreviews';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  nonResourceURLs?: string[];
  resourceNames?: string[];
}
interface Doc {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string };
  rules?: Rule[];
  roleRef?: { apiGroup: string; kind: string; name: string };
  subjects?: Array<{ kind: string; name: string; namespace?: string }>;
  resources?: string[];
}

function load(): Map<string, Doc> {
  const docs = new Map<string, Doc>();
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.yaml'))) {
    const parsed = parseYaml(readFileSync(join(DIR, file), 'utf8'));
    if (!parsed.ok) throw new Error(`${file}: ${parsed.issues[0]?.message}`);
    docs.set(file, parsed.value.value as Doc);
  }
  return docs;
}

// Every way the manifests could grant more than reads, as a list of problems.
function problems(docs: ReadonlyMap<string, Doc>): string[] {
  const out: string[] = [];
  for (const [file, doc] of docs) {
    if (['Role', 'RoleBinding'].includes(doc.kind)) out.push(`${file}: ${doc.kind} is not expected`);
    for (const [i, rule] of (doc.rules ?? []).entries()) {
      const at = `${file} rules[${i}]`;
      if (rule.nonResourceURLs) out.push(`${at}: nonResourceURLs`);
      const all = [...(rule.verbs ?? []), ...(rule.resources ?? []), ...(rule.apiGroups ?? [])];
      if (all.includes('*')) out.push(`${at}: wildcard`);
      const resources = rule.resources ?? [];
      if (resources.some((r) => r.includes('/'))) out.push(`${at}: subresource`);
      if (resources.includes(REVIEW)) {
        if (resources.length !== 1) out.push(`${at}: ${REVIEW} shares a rule`);
        if (JSON.stringify(rule.verbs) !== '["create"]') out.push(`${at}: ${REVIEW} verbs ${rule.verbs}`);
        if (JSON.stringify(rule.apiGroups) !== '["authorization.k8s.io"]') out.push(`${at}: ${REVIEW} group`);
      } else {
        for (const v of rule.verbs) if (!READS.has(v)) out.push(`${at}: verb ${v}`);
      }
    }
  }
  return out;
}

describe('deploy/observer RBAC', () => {
  const docs = load();
  const role = [...docs.values()].find((d) => d.kind === 'ClusterRole');

  test('grants no verb but get, list, watch on anything but selfsubjectrulesreviews', () => {
    expect(role).toBeDefined();
    expect(problems(docs)).toEqual([]);
    expect(
      writeGrants({ resourceRules: role?.rules ?? [], nonResourceRules: [], incomplete: false }),
    ).toEqual([]);
  });

  test('the check fails on a manifest that grants more', () => {
    const tampered = structuredClone(role) as Doc;
    tampered.rules?.[1]?.verbs.push('patch');
    tampered.rules?.push({ apiGroups: [''], resources: ['pods/exec'], verbs: ['get'] });
    tampered.rules?.push({
      apiGroups: ['authorization.k8s.io'],
      resources: [REVIEW, 'pods'],
      verbs: ['create'],
    });
    expect(problems(new Map([['cluster-role.yaml', tampered]]))).toEqual([
      'cluster-role.yaml rules[1]: verb patch',
      'cluster-role.yaml rules[6]: subresource',
      `cluster-role.yaml rules[7]: ${REVIEW} shares a rule`,
    ]);
  });

  test('covers every collection the observer reads, with get, list and watch', () => {
    for (const r of [NAMESPACES, ...WORKLOAD_RESOURCES, ...policyResources('policies.kyverno.io/v1')]) {
      const rule = role?.rules?.find(
        (x) => x.apiGroups?.includes(r.group) && x.resources?.includes(r.plural),
      );
      expect(rule?.verbs, r.plural).toEqual(['get', 'list', 'watch']);
    }
  });

  test('covers the PolicyReports the approval audit reads, with get and list', () => {
    for (const r of POLICY_REPORT_RESOURCES) {
      const plural = r.path.split('/').at(-1) ?? '';
      const rule = role?.rules?.find(
        (x) => x.apiGroups?.includes('wgpolicyk8s.io') && x.resources?.includes(plural),
      );
      expect(rule?.verbs, plural).toEqual(['get', 'list']);
    }
  });

  test('binds the ClusterRole to the service account attestors.yaml names', () => {
    const binding = [...docs.values()].find((d) => d.kind === 'ClusterRoleBinding');
    expect(binding?.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: role?.metadata?.name,
    });
    const [subject] = binding?.subjects ?? [];
    expect(`system:serviceaccount:${subject?.namespace}:${subject?.name}`).toBe(
      DEFAULT_OBSERVER_SERVICE_ACCOUNT,
    );
    const sa = [...docs.values()].find((d) => d.kind === 'ServiceAccount');
    expect(sa?.metadata).toMatchObject({ name: subject?.name, namespace: subject?.namespace });
  });

  test('kustomization.yaml lists every manifest', () => {
    const k = docs.get('kustomization.yaml');
    expect([...(k?.resources ?? [])].sort()).toEqual(
      [...docs.keys()].filter((f) => f !== 'kustomization.yaml').sort(),
    );
  });

  test("the fake API server's review answers with exactly these rules", () => {
    expect(READ_ONLY_RULES.map((r) => JSON.stringify(r)).sort()).toEqual(
      (role?.rules ?? [])
        .map((r) => JSON.stringify({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources }))
        .sort(),
    );
  });
});
