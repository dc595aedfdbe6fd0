import { RE2JSSyntaxException } from 're2js';
import { canonicalDigest } from '../digest/canonical-digest.js';
import { TrustladderError } from '../errors.js';
import type { Issue, SourcePosition } from '../issues.js';
import { type LoadOptions, loadDocument } from '../load/document.js';
import { validateAgainst, withPositions } from '../load/validate.js';
import type { CompiledPolicy, CompiledRule, ConditionNode, FileStatus } from './compiled.types.js';
import { MAX_CONDITION_DEPTH } from './compiled.types.js';
import { compileGlob } from './glob/compile-glob.js';
import { GlobSyntaxError } from './glob/glob-error.js';
import type { Condition, FileCriteria, LayeredPolicyDocument } from './policy-document.types.js';
import { compileRe2 } from './re2-cache.js';
import { resolveLayers } from './resolve-layers.js';

/** Parses, validates and compiles a blast-radius policy (YAML or JSON text). */
export function loadBlastRadiusPolicy(text: string, options: LoadOptions = {}): CompiledPolicy {
  const { value, positions } = loadDocument(text, 'blast-radius', options);
  return compileDocument(value as LayeredPolicyDocument, options.source, positions);
}

/** Validates and compiles a policy document that is already parsed. */
export function compileBlastRadiusPolicy(
  document: unknown,
  options: { source?: string } = {},
): CompiledPolicy {
  const issues = validateAgainst('blast-radius', document);
  if (issues.length > 0) {
    throw new TrustladderError('INVALID_DOCUMENT', `the policy is invalid: ${issues.length} problem(s)`, {
      source: options.source,
      issues,
    });
  }
  return compileDocument(document as LayeredPolicyDocument, options.source);
}

// Everything that can be wrong past the schema is found here, all at once: duplicate rule
// ids, conditions nested too deep for the Rego engine, bad globs, and content patterns that
// RE2 (OPA's regex engine) would refuse, such as lookaround and backreferences.
// A layered policy (`extends`) is resolved first; errors in its rules point into the
// document as written, and the digest covers the resolved policy.
function compileDocument(
  written: LayeredPolicyDocument,
  source: string | undefined,
  positions?: WeakMap<object, SourcePosition>,
): CompiledPolicy {
  const { document: doc, origins, issues: layerIssues } = resolveLayers(written);
  const issues: Issue[] = [...layerIssues];
  const nodes: ConditionNode[] = [];
  const rules: CompiledRule[] = [];
  const ids = new Map<string, number>();
  // resolveLayers gives every resolved rule its origin: where the document as written has it.
  const originOf = (i: number) => origins[i] as string;
  doc.rules.forEach((rule, i) => {
    const at = originOf(i);
    const first = ids.get(rule.id);
    if (first !== undefined) {
      issues.push({
        code: 'duplicate_rule_id',
        path: `${at}/id`,
        message: `rule id "${rule.id}" is already used by ${originOf(first)}`,
      });
    } else ids.set(rule.id, i);
    const root = compileCondition(rule.when, `${at}/when`, 0, nodes, issues);
    rules.push({ id: rule.id, tier: rule.tier, description: rule.description, root });
  });
  if (issues.length > 0) {
    throw new TrustladderError('INVALID_DOCUMENT', `the policy is invalid: ${issues.length} problem(s)`, {
      source,
      issues: withPositions(issues, written, positions),
    });
  }
  return { name: doc.metadata.name, digest: canonicalDigest(doc), default: doc.default, rules, nodes };
}

const asList = <T>(v: T | readonly T[] | undefined): readonly T[] | null =>
  v === undefined ? null : Array.isArray(v) ? (v as readonly T[]) : [v as T];

// Flattens a condition in pre-order: a node's id is smaller than its children's, so
// evaluating ids from the highest down always finds children done.
function compileCondition(
  c: Condition,
  at: string,
  depth: number,
  nodes: ConditionNode[],
  issues: Issue[],
): number {
  const id = nodes.length;
  if (depth > MAX_CONDITION_DEPTH) {
    issues.push({
      code: 'too_deep',
      path: at,
      message: `conditions nest at most ${MAX_CONDITION_DEPTH} levels deep`,
    });
  }
  const base = { id, depth, at };
  if ('files' in c || 'allFiles' in c) {
    const op = 'files' in c ? 'files' : 'allFiles';
    const criteria: FileCriteria = 'files' in c ? c.files : c.allFiles;
    const criteriaAt = `${at}/${op}`;
    const ignoreCase = criteria.ignoreCase === true;
    const paths = criteria.paths.map((g, i) => globRegex(g, ignoreCase, `${criteriaAt}/paths/${i}`, issues));
    const exclude = (criteria.exclude ?? []).map((g, i) =>
      globRegex(g, ignoreCase, `${criteriaAt}/exclude/${i}`, issues),
    );
    const content = criteria.content
      ? contentRegex(
          criteria.content.pattern,
          criteria.content.ignoreCase === true,
          `${criteriaAt}/content/pattern`,
          issues,
        )
      : null;
    const notWithin =
      criteria.content?.notWithin !== undefined
        ? criteria.content.notWithin
            .map((header, i) =>
              contentRegex(
                header,
                criteria.content?.ignoreCase === true,
                `${criteriaAt}/content/notWithin/${i}`,
                issues,
              ),
            )
            .map((regex) => `(?:${regex})`)
            .join('|')
        : null;
    nodes.push({
      ...base,
      op,
      globs: [...criteria.paths],
      excludeGlobs: [...(criteria.exclude ?? [])],
      ignoreCase,
      paths,
      exclude,
      statuses: asList<FileStatus>(criteria.status),
      content,
      notWithin,
      lines: criteria.content?.lines ?? 'added',
    });
    return id;
  }
  if ('repos' in c) nodes.push({ ...base, op: 'repos', min: c.repos.min });
  else if ('dependencies' in c) {
    const d = c.dependencies;
    nodes.push({
      ...base,
      op: 'dependencies',
      change: asList(d.change),
      ecosystem: asList(d.ecosystem),
      allowlisted: d.allowlisted ?? null,
      scoreBelow: d.scoreBelow ?? null,
      scoreAtLeast: d.scoreAtLeast ?? null,
    });
  } else if ('coverage' in c) {
    nodes.push({
      ...base,
      op: 'coverage',
      below: c.coverage.below ?? null,
      atLeast: c.coverage.atLeast ?? null,
    });
  } else if ('service' in c) {
    nodes.push({
      ...base,
      op: 'service',
      has: [...(c.service.has ?? [])],
      lacks: [...(c.service.lacks ?? [])],
    });
  } else if ('labels' in c) {
    nodes.push({
      ...base,
      op: 'labels',
      anyOf: c.labels.anyOf ? [...c.labels.anyOf] : null,
      allOf: c.labels.allOf ? [...c.labels.allOf] : null,
    });
  } else if ('rowsAffected' in c) {
    nodes.push({ ...base, op: 'rowsAffected', above: c.rowsAffected.above });
  } else {
    const op: 'allOf' | 'anyOf' | 'not' = 'allOf' in c ? 'allOf' : 'anyOf' in c ? 'anyOf' : 'not';
    const operands: readonly Condition[] = 'allOf' in c ? c.allOf : 'anyOf' in c ? c.anyOf : [c.not];
    const children: number[] = [];
    nodes.push({ ...base, op, children });
    operands.forEach((operand, i) => {
      children.push(
        compileCondition(operand, op === 'not' ? `${at}/not` : `${at}/${op}/${i}`, depth + 1, nodes, issues),
      );
    });
  }
  return id;
}

function globRegex(glob: string, ignoreCase: boolean, at: string, issues: Issue[]): string {
  try {
    return compileGlob(glob, ignoreCase).regex;
  } catch (e) {
    if (!(e instanceof GlobSyntaxError)) throw e;
    issues.push({ code: 'invalid_glob', path: at, message: `invalid glob "${glob}": ${e.message}` });
    return '';
  }
}

function contentRegex(pattern: string, ignoreCase: boolean, at: string, issues: Issue[]): string {
  const regex = `${ignoreCase ? '(?i)' : ''}${pattern}`;
  try {
    compileRe2(regex);
  } catch (e) {
    if (!(e instanceof RE2JSSyntaxException)) throw e;
    issues.push({
      code: 'invalid_pattern',
      path: at,
      message: `not an RE2 pattern (no lookaround or backreferences): ${e.message}`,
    });
  }
  return regex;
}
