import type { ErrorObject } from 'ajv';
import type { Issue, SourcePosition } from '../issues.js';
import { escapePointerToken } from '../issues.js';
import type { SchemaName } from '../schemas/index.js';
import { VALIDATORS } from '../schemas/validators.generated.js';
import { DocumentPositions, rememberedPositions } from './positions.js';

// Each schema's validator is Ajv's standalone code, generated at build time with the options
// of ajv-options.ts (scripts/generate-validators.mjs): a start compiles no schema and loads
// no Ajv compiler (issue 16). standalone-validators.prop.test.ts holds each one equal to the
// validator Ajv compiles at run time, verdicts and errors alike; `--check` fails CI when one
// is stale. Typed here: a schema without a generated validator does not compile.
type Validator = ((value: unknown) => boolean) & { readonly errors?: ErrorObject[] | null };
const validators: Readonly<Record<SchemaName, Validator>> = VALIDATORS;

function validatorFor(name: SchemaName): Validator {
  // A name the generated table lacks is a schema added without regenerating: a bug, loudly.
  const fn = Object.hasOwn(validators, name) ? validators[name] : undefined;
  if (!fn) throw new Error(`schema ${name} has no generated validator (run scripts/generate-validators.mjs)`);
  return fn;
}

/** Validates a parsed document against one of the trustladder JSON Schemas. */
export function validateAgainst(
  name: SchemaName,
  value: unknown,
  // A value a loader parsed carries its positions even when the caller does not pass them.
  positions: WeakMap<object, SourcePosition> | undefined = rememberedPositions(value),
): Issue[] {
  const fn = validatorFor(name);
  if (fn(value)) return [];
  const issues = (fn.errors ?? []).map(toIssue);
  return withPositions(mostSpecific(issues), value, positions);
}

function toIssue(e: ErrorObject): Issue {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return {
        code: 'unknown_property',
        path: `${e.instancePath}/${escapePointerToken(String(params.additionalProperty))}`,
        message: 'unknown property',
      };
    case 'required':
      return {
        code: 'required',
        path: `${e.instancePath}/${escapePointerToken(String(params.missingProperty))}`,
        message: 'is required',
      };
    case 'enum':
      return {
        code: 'enum',
        path: e.instancePath,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    default:
      return { code: e.keyword, path: e.instancePath, message: e.message ?? `fails ${e.keyword}` };
  }
}

// With allErrors, a failed oneOf/anyOf reports both the branches' errors and a summary. Keep
// the summary only where no branch said anything more precise at or below its path, and
// drop repeated lines.
function mostSpecific(issues: Issue[]): Issue[] {
  const combinators = new Set(['anyOf', 'oneOf', 'if', 'not']);
  const precise = issues.filter((i) => !combinators.has(i.code));
  const kept = issues.filter(
    (i) =>
      !combinators.has(i.code) || !precise.some((p) => p.path === i.path || p.path.startsWith(`${i.path}/`)),
  );
  const seen = new Set<string>();
  return kept.filter((i) => {
    const key = `${i.path}\u0000${i.code}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Attaches a line and column: a scalar's own (when the loader recorded it), else the nearest
 * enclosing mapping or sequence's.
 */
export function withPositions(
  issues: Issue[],
  root: unknown,
  positions?: WeakMap<object, SourcePosition>,
): Issue[] {
  if (!positions) return issues;
  return issues.map((issue) => {
    if (issue.position) return issue;
    const position = positionOf(issue.path, root, positions);
    return position ? { ...issue, position } : issue;
  });
}

function positionOf(
  path: string,
  root: unknown,
  positions: WeakMap<object, SourcePosition>,
): SourcePosition | undefined {
  const tokens =
    path === ''
      ? []
      : path
          .slice(1)
          .split('/')
          .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const children = positions instanceof DocumentPositions ? positions.children : undefined;
  let node: unknown = root;
  let best: SourcePosition | undefined;
  for (const token of ['', ...tokens]) {
    if (token !== '') {
      if (node === null || typeof node !== 'object') break;
      const parent = node as Record<string, unknown>;
      if (!Object.hasOwn(parent, token)) break;
      node = parent[token];
      if (node === null || typeof node !== 'object') {
        best = children?.get(parent)?.get(token) ?? best;
        break;
      }
    }
    if (node !== null && typeof node === 'object') best = positions.get(node) ?? best;
  }
  return best;
}
