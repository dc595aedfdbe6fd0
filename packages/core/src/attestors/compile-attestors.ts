import { canonicalDigest } from '../digest/canonical-digest.js';
import { TrustladderError } from '../errors.js';
import { type Issue, joinPointer, type SourcePosition } from '../issues.js';
import { type LoadOptions, loadDocument } from '../load/document.js';
import { validateAgainst, withPositions } from '../load/validate.js';
import { TIERS, type Tier } from '../tier.js';
import type {
  AttestorPolicyDocument,
  CompiledAttestor,
  CompiledAttestorPolicy,
  KyvernoSettings,
  SubjectPattern,
  TierRequirement,
} from './attestor-policy.types.js';
import { identityMatcher } from './identity-matcher.js';
import { APPROVAL_PREDICATE_TYPE, roleOfPredicateType } from './predicate-types.js';
import { checkSubjectRegExp } from './subject-regexp.js';

export const DEFAULT_OBSERVER_SERVICE_ACCOUNT =
  'system:serviceaccount:trustladder-system:trustladder-observer';
const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/** Parses, validates and compiles policies/attestors.yaml (YAML or JSON text). */
export function loadAttestorPolicy(text: string, options: LoadOptions = {}): CompiledAttestorPolicy {
  const { value, positions } = loadDocument(text, 'attestors', options);
  return compileDocument(value as AttestorPolicyDocument, options.source, positions);
}

/** Validates and compiles an attestor policy that is already parsed. */
export function compileAttestorPolicy(
  document: unknown,
  options: { source?: string } = {},
): CompiledAttestorPolicy {
  const issues = validateAgainst('attestors', document);
  if (issues.length > 0) {
    throw new TrustladderError(
      'INVALID_DOCUMENT',
      `the attestor policy is invalid: ${issues.length} problem(s)`,
      {
        source: options.source,
        issues,
      },
    );
  }
  return compileDocument(document as AttestorPolicyDocument, options.source);
}

// Every check past the schema, all at once: subject regexes that are not anchored (or only
// look anchored), identities that overlap (one signature would count for two attestors),
// tiers that require an undefined attestor or lack the attestors their gates need.
function compileDocument(
  doc: AttestorPolicyDocument,
  source: string | undefined,
  positions?: WeakMap<object, SourcePosition>,
): CompiledAttestorPolicy {
  const issues: Issue[] = [];
  const attestors: CompiledAttestor[] = [];
  const byName = new Map<string, CompiledAttestor>();
  const seen = new Map<string, string>();
  doc.attestors.forEach((a, i) => {
    const at = joinPointer('/attestors', i);
    const first = seen.get(a.name);
    if (first !== undefined) {
      issues.push({
        code: 'duplicate_attestor',
        path: `${at}/name`,
        message: `attestor name "${a.name}" is already used by ${first}`,
      });
      return;
    }
    seen.set(a.name, at);
    const subject = subjectOf(a.subject, a.subjectRegExp, at, issues);
    if (a.issuer === GITHUB_ACTIONS_ISSUER) checkGitHubSubject(a.subject, a.subjectRegExp, at, issues);
    if (!subject) return;
    const attestor: CompiledAttestor = {
      name: a.name,
      description: a.description,
      role: roleOfPredicateType(a.predicateType),
      predicateType: a.predicateType,
      identity: identityMatcher(a.issuer, subject),
      at,
    };
    attestors.push(attestor);
    byName.set(a.name, attestor);
  });
  checkOverlaps(attestors, issues);
  const tiers = compileTiers(doc, byName, new Set(seen.keys()), issues);
  if (issues.length > 0) {
    throw new TrustladderError(
      'INVALID_DOCUMENT',
      `the attestor policy is invalid: ${issues.length} problem(s)`,
      {
        source,
        issues: withPositions(issues, doc, positions),
      },
    );
  }
  const tierMap = new Map(tiers.map((t) => [t.tier, t]));
  const kyverno: KyvernoSettings = {
    apiVersion: doc.kyverno?.apiVersion ?? 'policies.kyverno.io/v1',
    rekorUrl: doc.kyverno?.rekorUrl,
    labelAdminGroups: [...(doc.kyverno?.labelAdminGroups ?? [])],
    observerServiceAccount: doc.kyverno?.observerServiceAccount ?? DEFAULT_OBSERVER_SERVICE_ACCOUNT,
  };
  return {
    name: doc.metadata.name,
    digest: canonicalDigest(doc),
    attestors,
    tiers,
    kyverno,
    trust: doc.trust,
    attestor: (name) => byName.get(name),
    tier: (tier) => tierMap.get(tier),
  };
}

function subjectOf(
  subject: string | undefined,
  subjectRegExp: string | undefined,
  at: string,
  issues: Issue[],
): SubjectPattern | null {
  if (subject !== undefined) return { kind: 'exact', value: subject };
  if (subjectRegExp === undefined) return null; // the schema's oneOf has reported it
  const problems = checkSubjectRegExp(subjectRegExp);
  for (const p of problems) issues.push({ code: p.code, path: `${at}/subjectRegExp`, message: p.message });
  return problems.length === 0 ? { kind: 'regexp', pattern: subjectRegExp } : null;
}

// GitHub Actions certificates carry https://github.com/{job_workflow_ref}: the OIDC `sub`
// claim (repo:org/name:environment:x) never appears in a SAN, and a workflow identity
// without its @ref accepts a run from any branch an agent can push.
function checkGitHubSubject(
  subject: string | undefined,
  subjectRegExp: string | undefined,
  at: string,
  issues: Issue[],
): void {
  const field = subject !== undefined ? 'subject' : 'subjectRegExp';
  const text = subject ?? subjectRegExp ?? '';
  if (/^\^?repo:/.test(text)) {
    issues.push({
      code: 'oidc_sub_claim',
      path: `${at}/${field}`,
      message:
        'repo:... is the OIDC sub claim, which never appears in a certificate: use https://github.com/{owner}/{repo}/.github/workflows/{file}@{ref}',
    });
  } else if (!/^\^?https:\/\/github\\?\.com\//.test(text) || !text.includes('@')) {
    issues.push({
      code: 'github_workflow_ref',
      path: `${at}/${field}`,
      message:
        'a GitHub Actions subject is https://github.com/{owner}/{repo}/.github/workflows/{file}@{ref}, ref included',
    });
  }
}

// Two attestors with the same issuer must not accept the same certificate: one signature
// would count for both (Kyverno counts it twice; a gate would take an agent's signature for a
// human's). Exact subjects are checked against every other subject and regex; two regexes
// cannot be compared in general, so the verifier also refuses, at run time, a certificate
// identity that matches more than one attestor.
function checkOverlaps(attestors: readonly CompiledAttestor[], issues: Issue[]): void {
  attestors.forEach((a, i) => {
    if (a.identity.subject.kind !== 'exact') return;
    const identity = { issuer: a.identity.issuer, subject: a.identity.subject.value };
    attestors.forEach((b, j) => {
      if (i === j || !b.identity.matches(identity)) return;
      // Two equal exact subjects: report the pair once, at the later one.
      if (b.identity.subject.kind === 'exact' && j > i) return;
      issues.push({
        code: 'identity_overlap',
        path: `${a.at}/subject`,
        message: `accepts the same certificate identity as attestor "${b.name}" (${b.at}): identities must be disjoint`,
      });
    });
  });
}

function compileTiers(
  doc: AttestorPolicyDocument,
  byName: ReadonlyMap<string, CompiledAttestor>,
  declared: ReadonlySet<string>,
  issues: Issue[],
): TierRequirement[] {
  const out: TierRequirement[] = [];
  for (const tier of TIERS) {
    const t = doc.tiers[tier];
    if (!t) continue;
    const at = joinPointer('/tiers', tier);
    const label = t.namespaceLabels['blast-radius'];
    if (label !== tier.toLowerCase()) {
      issues.push({
        code: 'tier_label_mismatch',
        path: `${at}/namespaceLabels/blast-radius`,
        message: `${tier} namespaces are labelled blast-radius: ${tier.toLowerCase()}, not ${label}`,
      });
    }
    const require: CompiledAttestor[] = [];
    t.require.forEach((name, k) => {
      const attestor = byName.get(name);
      if (attestor) require.push(attestor);
      else if (!declared.has(name)) {
        issues.push({
          code: 'unknown_attestor',
          path: joinPointer(at, 'require', k),
          message: `no attestor is named "${name}"`,
        });
      }
    });
    checkTierNeeds(tier, t.require, byName, at, issues);
    out.push({ tier, namespaceLabel: label, require });
  }
  return out;
}

// What each tier's gates need, so a file cannot quietly weaken them: every tier requires a
// build attestor; T2 a human (interface) approval; T3 the human co-sign predicate.
function checkTierNeeds(
  tier: Tier,
  names: readonly string[],
  byName: ReadonlyMap<string, CompiledAttestor>,
  at: string,
  issues: Issue[],
): void {
  const required = names.map((n) => byName.get(n)).filter((a): a is CompiledAttestor => a !== undefined);
  // An unknown or broken attestor is reported already; judging the tier without it would
  // only add noise.
  if (required.length !== names.length) return;
  if (!required.some((a) => a.role === 'agent')) {
    issues.push({
      code: 'agent_attestor_required',
      path: `${at}/require`,
      message: `${tier} must require a build (agent) attestor`,
    });
  }
  if (tier === 'T2' && !required.some((a) => a.role === 'human')) {
    issues.push({
      code: 'human_attestor_required',
      path: `${at}/require`,
      message: 'T2 must require a human (interface) approval attestor',
    });
  }
  if (tier === 'T3' && !required.some((a) => a.predicateType === APPROVAL_PREDICATE_TYPE)) {
    issues.push({
      code: 'human_attestor_required',
      path: `${at}/require`,
      message: `T3 must require a human co-sign attestor (predicateType ${APPROVAL_PREDICATE_TYPE})`,
    });
  }
}
