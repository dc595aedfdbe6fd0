import { DEFAULT_POLICY_TEXTS } from '../defaults/policies.generated.js';
import { type Issue, joinPointer } from '../issues.js';
import { loadDocument } from '../load/document.js';
import type {
  BlastRadiusPolicyDocument,
  LayeredPolicyDocument,
  PolicyBase,
  PolicyRule,
} from './policy-document.types.js';

// Policy layering. A policy that says `extends: default` is the built-in default with each of
// its `overrides` put in the place of the default rule of the same id, and its `rules`
// appended. The result is an ordinary policy document: it is what is compiled and what the
// digest covers, so the audit trail names the rules that decided, whichever layer wrote them.
// Fails closed: an override of an id the base does not have (a typo would silently keep the
// base rule), or an added rule that reuses a base id (an override written as an addition),
// is an error, never a guess.

export interface ResolvedLayers {
  readonly document: BlastRadiusPolicyDocument;
  /** For each resolved rule, the JSON pointer of the rule in the written document. */
  readonly origins: readonly string[];
  readonly issues: readonly Issue[];
}

// The text of each base a policy can extend (a new PolicyBase does not compile without one).
const BASE_TEXTS: Record<PolicyBase, string> = { default: DEFAULT_POLICY_TEXTS['blast-radius'] };
const bases: { [name in PolicyBase]?: BlastRadiusPolicyDocument } = {};

// A base is an embedded default, parsed on first use; it is a whole policy (it extends nothing).
function base(name: PolicyBase): BlastRadiusPolicyDocument {
  bases[name] ??= loadDocument(BASE_TEXTS[name], 'blast-radius', {
    source: `<default policies/blast-radius.yaml>`,
  }).value as BlastRadiusPolicyDocument;
  return bases[name];
}

/** Resolves `extends` and `overrides` into one policy document (a whole policy is returned as is). */
export function resolveLayers(written: LayeredPolicyDocument): ResolvedLayers {
  const own = written.rules.map((_, i) => joinPointer('/rules', i));
  if (written.extends === undefined) {
    // The schema requires `default` without `extends`; the cast records that.
    return { document: written as BlastRadiusPolicyDocument, origins: own, issues: [] };
  }
  const parent = base(written.extends);
  const issues: Issue[] = [];
  const overrides = new Map<string, { rule: PolicyRule; at: string }>();
  (written.overrides ?? []).forEach((rule, i) => {
    const at = joinPointer('/overrides', i);
    if (!parent.rules.some((r) => r.id === rule.id)) {
      issues.push({
        code: 'unknown_override',
        path: `${at}/id`,
        message: `"${rule.id}" is not a rule of the ${written.extends} policy: an override replaces an existing rule`,
      });
    } else if (overrides.has(rule.id)) {
      issues.push({
        code: 'duplicate_rule_id',
        path: `${at}/id`,
        message: `"${rule.id}" is overridden twice`,
      });
    } else overrides.set(rule.id, { rule, at });
  });
  const rules: PolicyRule[] = [];
  const origins: string[] = [];
  for (const rule of parent.rules) {
    const override = overrides.get(rule.id);
    rules.push(override?.rule ?? rule);
    origins.push(override?.at ?? '/extends');
  }
  written.rules.forEach((rule, i) => {
    if (parent.rules.some((r) => r.id === rule.id)) {
      issues.push({
        code: 'duplicate_rule_id',
        path: `${own[i]}/id`,
        message: `"${rule.id}" is a rule of the ${written.extends} policy: replace it under overrides`,
      });
    } else {
      rules.push(rule);
      origins.push(own[i] as string);
    }
  });
  const { extends: _base, overrides: _overrides, ...rest } = written;
  const document: BlastRadiusPolicyDocument = { ...rest, default: written.default ?? parent.default, rules };
  return { document, origins, issues };
}
