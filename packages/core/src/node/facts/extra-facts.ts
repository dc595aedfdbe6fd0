import { TrustladderError, throwIssues } from '../../errors.js';
import { escapePointerToken, type Issue } from '../../issues.js';
import { parseJson } from '../../load/index.js';
import { invalidArgument, isObject } from './invalid-argument.js';

// `--facts FILE`: a JSON object whose keys are JSON pointers into the change and whose values
// are the facts to put there, e.g. `{ "/data/rowsAffected": 2500000 }` from a migration dry
// run. Only the facts a change may be told from outside git can be set: coverage, service,
// labels and data. The files, the repository and the dependency list come from git and are
// never rewritten by a facts file. A pointer anywhere else, a pointer the change schema does
// not know, or a fact another source already gave is an error: a fact has one source.

const SETTABLE = new Set([
  '/coverage',
  '/coverage/changedLines',
  '/coverage/coveredLines',
  '/service',
  '/service/name',
  '/service/slo',
  '/service/canary',
  '/service/killSwitch',
  '/labels',
  '/data',
  '/data/rowsAffected',
]);

export interface ExtraFacts {
  readonly source: string;
  /** Pointer -> value, in file order. */
  readonly entries: ReadonlyArray<readonly [string, unknown]>;
}

export function readExtraFacts(text: string, source: string): ExtraFacts {
  if (typeof text !== 'string' || typeof source !== 'string')
    throw invalidArgument('readExtraFacts', 'takes a text and a source name');
  const parsed = parseJson(text, { maxBytes: 16 * 1024 * 1024, maxNodes: 1_000_000, maxDepth: 16 });
  if (!parsed.ok)
    throw new TrustladderError('PARSE_ERROR', 'the facts file cannot be read', {
      source,
      issues: parsed.issues,
    });
  const doc = parsed.value.value;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throwIssues(
      'INVALID_DOCUMENT',
      'the facts file is invalid',
      [{ code: 'type', path: '', message: 'a facts file is an object of JSON pointers' }],
      source,
    );
  const issues: Issue[] = [];
  const entries = Object.entries(doc);
  for (const [pointer] of entries) {
    if (!SETTABLE.has(pointer))
      issues.push({
        code: 'unknown_pointer',
        path: `/${escapePointerToken(pointer)}`,
        message: `"${pointer}" is not a fact a facts file can set (${[...SETTABLE].join(', ')})`,
      });
  }
  if (issues.length > 0) throwIssues('INVALID_DOCUMENT', 'the facts file is invalid', issues, source);
  return { source, entries };
}

/**
 * Sets each fact on the change (a plain object, changed in place). `taken` holds the pointers
 * other sources set; a fact at, above or below one of them is a conflict.
 */
export function applyExtraFacts(
  change: Record<string, unknown>,
  facts: ExtraFacts,
  taken: Set<string>,
): string[] {
  if (!isObject(change) || !Array.isArray(facts?.entries) || !(taken instanceof Set))
    throw invalidArgument('applyExtraFacts', 'takes a change object, facts from readExtraFacts and a Set');
  const issues: Issue[] = [];
  const set: string[] = [];
  for (const [pointer, value] of facts.entries) {
    const clash = [...taken].find(
      (t) => t === pointer || t.startsWith(`${pointer}/`) || pointer.startsWith(`${t}/`),
    );
    if (clash !== undefined) {
      issues.push({
        code: 'conflict',
        path: `/${escapePointerToken(pointer)}`,
        message: `${clash} already comes from another source`,
      });
      continue;
    }
    const [head, leaf] = pointer.slice(1).split('/') as [string, string | undefined];
    if (leaf === undefined) change[head] = head === 'labels' ? union(change.labels, value) : value;
    else {
      const parent = change[head];
      const object =
        parent !== null && typeof parent === 'object' && !Array.isArray(parent)
          ? (parent as Record<string, unknown>)
          : {};
      change[head] = { ...object, [leaf]: value };
    }
    set.push(pointer);
  }
  if (issues.length > 0) throwIssues('INVALID_DOCUMENT', 'the facts file is invalid', issues, facts.source);
  for (const pointer of set) taken.add(pointer);
  return set;
}

// Labels only add: a facts file can name more labels, never take one away.
function union(existing: unknown, added: unknown): unknown {
  if (!Array.isArray(added)) return added; // the change schema reports the bad type
  return [...new Set([...(Array.isArray(existing) ? existing : []), ...added])];
}
