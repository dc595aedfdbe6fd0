import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { TrustladderError } from '../errors.js';
import {
  compileAttestorPolicy,
  DEFAULT_OBSERVER_SERVICE_ACCOUNT,
  loadAttestorPolicy,
} from './compile-attestors.js';
import { APPROVAL_PREDICATE_TYPE, INTERFACE_APPROVAL_PREDICATE_TYPE } from './predicate-types.js';

const GH = 'https://token.actions.githubusercontent.com';
const WF = 'https://github.com/acme/prod-approvals/.github/workflows';
const BUILD = {
  name: 'agent-build',
  issuer: GH,
  subjectRegExp: '^https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/heads/main$',
  predicateType: 'https://slsa.dev/provenance/v1',
};
const HUMAN = {
  name: 'human-approval',
  issuer: GH,
  subject: `${WF}/t3-approve.yml@refs/heads/main`,
  predicateType: APPROVAL_PREDICATE_TYPE,
};
const IFACE = {
  name: 'interface-approval',
  issuer: GH,
  subject: `${WF}/t2-interface.yml@refs/heads/main`,
  predicateType: INTERFACE_APPROVAL_PREDICATE_TYPE,
};

function doc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'trustladder.dev/v1',
    kind: 'AttestorPolicy',
    metadata: { name: 'test' },
    attestors: [BUILD, HUMAN, IFACE],
    tiers: {
      T3: { namespaceLabels: { 'blast-radius': 't3' }, require: ['agent-build', 'human-approval'] },
      T2: { namespaceLabels: { 'blast-radius': 't2' }, require: ['agent-build', 'interface-approval'] },
    },
    ...overrides,
  };
}

function issuesOf(document: unknown): Array<[string, string]> {
  try {
    compileAttestorPolicy(document, { source: 'a.yaml' });
  } catch (e) {
    if (e instanceof TrustladderError && e.code === 'INVALID_DOCUMENT')
      return e.issues.map((i) => [i.code, i.path]);
    throw e;
  }
  throw new Error('the policy compiled');
}

describe('loadAttestorPolicy', () => {
  test('loads the default policies/attestors.yaml with roles from predicate types', () => {
    const p = loadAttestorPolicy(DEFAULT_POLICY_TEXTS.attestors, { source: 'attestors.yaml' });
    expect(p.attestors.map((a) => [a.name, a.role])).toEqual([
      ['agent-build', 'agent'],
      ['human-approval', 'human'],
      ['interface-approval', 'human'],
    ]);
    expect(p.tiers.map((t) => [t.tier, t.namespaceLabel, t.require.map((a) => a.name)])).toEqual([
      ['T1', 't1', ['agent-build']],
      ['T2', 't2', ['agent-build', 'interface-approval']],
      ['T3', 't3', ['agent-build', 'human-approval']],
    ]);
    expect(p.tier('T0')).toBeUndefined();
    expect(p.attestor('human-approval')?.identity.subject).toEqual({
      kind: 'exact',
      value: `${WF}/t3-approve.yml@refs/heads/main`,
    });
    expect(p.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(p.kyverno.observerServiceAccount).toBe(DEFAULT_OBSERVER_SERVICE_ACCOUNT);
  });

  test('defaults the kyverno settings when the section is missing, with no group allowed to lower labels', () => {
    const p = compileAttestorPolicy(doc());
    expect(p.kyverno).toEqual({
      apiVersion: 'policies.kyverno.io/v1',
      rekorUrl: undefined,
      labelAdminGroups: [],
      observerServiceAccount: DEFAULT_OBSERVER_SERVICE_ACCOUNT,
    });
  });

  test('reports issues with the YAML line they sit on', () => {
    const text = `apiVersion: trustladder.dev/v1
kind: AttestorPolicy
metadata: { name: t }
attestors:
  - name: agent-build
    issuer: ${GH}
    subjectRegExp: 'https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/heads/main'
    predicateType: https://slsa.dev/provenance/v1
tiers:
  T3: { namespaceLabels: { blast-radius: t3 }, require: [agent-build] }
  T2: { namespaceLabels: { blast-radius: t2 }, require: [agent-build] }
`;
    try {
      loadAttestorPolicy(text, { source: 'a.yaml' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TrustladderError);
      const issue = (e as TrustladderError).issues.find((i) => i.code === 'regexp_not_anchored');
      expect(issue?.path).toBe('/attestors/0/subjectRegExp');
      // The scalar's own line, not its mapping's (line 5).
      expect(issue?.position).toEqual({ line: 7, column: 20 });
    }
  });
});

describe('load-time checks', () => {
  test('an attestor has exactly one of subject and subjectRegExp', () => {
    const both = { ...HUMAN, subjectRegExp: '^x$' };
    const neither = { name: 'n', issuer: GH, predicateType: 'https://slsa.dev/provenance/v1' };
    expect(issuesOf(doc({ attestors: [BUILD, both, IFACE] }))).toContainEqual(['oneOf', '/attestors/1']);
    expect(issuesOf(doc({ attestors: [BUILD, HUMAN, IFACE, neither] }))).toContainEqual([
      'required',
      '/attestors/3/subject',
    ]);
  });

  test("refuses the seed's example identities: unanchored regex with wildcards, and the OIDC sub claim", () => {
    const seedAgent = {
      ...BUILD,
      subjectRegExp: 'https://github.com/dashecorp/.+/.github/workflows/release\\.ya?ml@.+',
    };
    const seedHuman = { ...HUMAN, subject: 'repo:dashecorp/prod-approvals:environment:t3-approve' };
    const found = issuesOf(doc({ attestors: [seedAgent, seedHuman, IFACE] }));
    expect(found).toContainEqual(['regexp_not_anchored', '/attestors/0/subjectRegExp']);
    expect(found).toContainEqual(['regexp_unescaped_dot', '/attestors/0/subjectRegExp']);
    expect(found).toContainEqual(['oidc_sub_claim', '/attestors/1/subject']);
  });

  test('refuses a GitHub Actions subject without its workflow ref', () => {
    const noRef = { ...HUMAN, subject: `${WF}/t3-approve.yml` };
    expect(issuesOf(doc({ attestors: [BUILD, noRef, IFACE] }))).toContainEqual([
      'github_workflow_ref',
      '/attestors/1/subject',
    ]);
  });

  test("refuses an exact subject equal to another attestor's with the same issuer", () => {
    const twin = { ...IFACE, subject: HUMAN.subject };
    expect(issuesOf(doc({ attestors: [BUILD, HUMAN, twin] }))).toEqual([
      ['identity_overlap', '/attestors/2/subject'],
    ]);
  });

  test("refuses an exact subject that another attestor's regex matches", () => {
    const greedy = {
      ...BUILD,
      subjectRegExp: '^https://github\\.com/acme/[^/]+/\\.github/workflows/[^/]+@refs/heads/main$',
    };
    const found = issuesOf(doc({ attestors: [greedy, HUMAN, IFACE] }));
    expect(found).toEqual([
      ['identity_overlap', '/attestors/1/subject'],
      ['identity_overlap', '/attestors/2/subject'],
    ]);
  });

  test('accepts equal subjects under different issuers: the issuer is part of the identity', () => {
    const other = { ...IFACE, issuer: 'https://gitlab.example.com', subject: HUMAN.subject };
    expect(() => compileAttestorPolicy(doc({ attestors: [BUILD, HUMAN, other] }))).not.toThrow();
  });

  test('refuses a tier that requires an undefined attestor, naming the entry', () => {
    const tiers = {
      T3: { namespaceLabels: { 'blast-radius': 't3' }, require: ['agent-build', 'human-approval', 'ghost'] },
      T2: { namespaceLabels: { 'blast-radius': 't2' }, require: ['agent-build', 'interface-approval'] },
    };
    expect(issuesOf(doc({ tiers }))).toEqual([['unknown_attestor', '/tiers/T3/require/2']]);
  });

  test('refuses duplicate attestor names', () => {
    const dup = { ...IFACE, name: 'human-approval' };
    expect(issuesOf(doc({ attestors: [BUILD, HUMAN, dup] }))).toContainEqual([
      'duplicate_attestor',
      '/attestors/2/name',
    ]);
  });

  test('refuses names that are not usable as CEL map keys and Kyverno names', () => {
    for (const name of ["agent'build", 'Agent', '-a', 'a-', 'a b', 'a.b']) {
      expect(issuesOf(doc({ attestors: [{ ...BUILD, name }, HUMAN, IFACE] }))).toContainEqual([
        'pattern',
        '/attestors/0/name',
      ]);
    }
  });

  test('refuses a namespace label that does not name its own tier', () => {
    const tiers = {
      T3: { namespaceLabels: { 'blast-radius': 't2' }, require: ['agent-build', 'human-approval'] },
      T2: { namespaceLabels: { 'blast-radius': 't2' }, require: ['agent-build', 'interface-approval'] },
    };
    expect(issuesOf(doc({ tiers }))).toEqual([
      ['tier_label_mismatch', '/tiers/T3/namespaceLabels/blast-radius'],
    ]);
  });

  test('refuses extra namespace labels, which would narrow the match and let namespaces escape', () => {
    const tiers = {
      T3: { namespaceLabels: { 'blast-radius': 't3' }, require: ['agent-build', 'human-approval'] },
      T2: {
        namespaceLabels: { 'blast-radius': 't2', team: 'x' },
        require: ['agent-build', 'interface-approval'],
      },
    };
    expect(issuesOf(doc({ tiers }))).toEqual([['unknown_property', '/tiers/T2/namespaceLabels/team']]);
  });

  test('requires T3 and T2 to be present', () => {
    const found = issuesOf(doc({ tiers: {} }));
    expect(found).toContainEqual(['required', '/tiers/T3']);
    expect(found).toContainEqual(['required', '/tiers/T2']);
  });

  test('refuses a T3 without the human co-sign, a T2 without a human approval, any tier without a build', () => {
    const tiers = {
      T3: { namespaceLabels: { 'blast-radius': 't3' }, require: ['agent-build', 'interface-approval'] },
      T2: { namespaceLabels: { 'blast-radius': 't2' }, require: ['agent-build'] },
      T1: { namespaceLabels: { 'blast-radius': 't1' }, require: ['human-approval'] },
    };
    expect(issuesOf(doc({ tiers }))).toEqual([
      ['agent_attestor_required', '/tiers/T1/require'],
      ['human_attestor_required', '/tiers/T2/require'],
      ['human_attestor_required', '/tiers/T3/require'],
    ]);
  });

  test('reports every problem of a file at once', () => {
    const bad = { ...BUILD, subjectRegExp: '^a|b$' };
    const twin = { ...IFACE, subject: HUMAN.subject };
    const found = issuesOf(doc({ attestors: [bad, HUMAN, twin] }));
    expect(found).toContainEqual(['regexp_top_level_alternation', '/attestors/0/subjectRegExp']);
    expect(found).toContainEqual(['identity_overlap', '/attestors/2/subject']);
  });
});
