import fc from 'fast-check';
import { RE2JS } from 're2js';
import type { CompiledPolicy, FilesNode } from '../classify/compiled.types.js';
import { arbitraryChange, arbitraryPatch, type ChangeValue } from './change-arbitraries.js';
import { arbitraryHitFor, arbitraryPathFor, type PathForOptions } from './path-for-glob.js';
import { ADDED_LINES } from './vocabulary.js';

// Changes for a user's own compiled policy: each file is drawn for one of the policy's file
// criteria, its path a hit or a narrow miss of one of that criterion's globs (or a hit of one
// of its exclude globs), its status one the criterion asks for or another, and, for a
// criterion with a content pattern, added lines that match it or narrowly do not. The other
// facts (repo, dependencies, coverage, service, labels, data) vary as in arbitraryChange.

const STATUSES = ['added', 'modified', 'deleted', 'renamed', 'copied'] as const;

export interface ChangeForOptions {
  readonly minFiles?: number;
  readonly maxFiles?: number;
  /** Segments a `**` in the policy's globs expands to. */
  readonly segments?: readonly string[];
}

type FileValue = ChangeValue['files'][number];

export function arbitraryChangeFor(
  policy: CompiledPolicy,
  options: ChangeForOptions = {},
): fc.Arbitrary<ChangeValue> {
  const nodes = policy.nodes.filter((n): n is FilesNode => n.op === 'files' || n.op === 'allFiles');
  const minFiles = options.minFiles ?? 1;
  const maxFiles = options.maxFiles ?? 6;
  if (nodes.length === 0) return arbitraryChange({ minFiles, maxFiles });
  const perNode = nodes.map((n) =>
    fileFor(n, { ...(options.segments ? { segments: options.segments } : {}) }),
  );
  const mixed = fc.array(fc.oneof(...perNode), { minLength: minFiles, maxLength: maxFiles });
  // Every file under one criterion's globs, so `allFiles` criteria are met too.
  const allOne = fc.integer({ min: 0, max: nodes.length - 1 }).chain((i) =>
    fc.array(hitFileFor(nodes[i] as FilesNode, options), {
      minLength: Math.max(1, minFiles),
      maxLength: maxFiles,
    }),
  );
  return fc
    .tuple(arbitraryChange({ minFiles: 0, maxFiles: 0 }), fc.oneof(mixed, allOne))
    .map(([base, files]) => ({ ...base, files }));
}

function pathOptions(node: FilesNode, options: PathForOptions): PathForOptions {
  return { ...options, ignoreCase: node.ignoreCase };
}

function fileFor(node: FilesNode, options: PathForOptions): fc.Arbitrary<FileValue> {
  const paths = [
    ...node.globs.map((g) => arbitraryPathFor(g, pathOptions(node, options)).map((c) => c.path)),
    ...node.excludeGlobs.map((g) => arbitraryHitFor(g, pathOptions(node, options))),
  ];
  return file(fc.oneof(...paths), node, true);
}

function hitFileFor(node: FilesNode, options: PathForOptions): fc.Arbitrary<FileValue> {
  return file(
    fc.oneof(...node.globs.map((g) => arbitraryHitFor(g, pathOptions(node, options)))),
    node,
    false,
  );
}

function file(path: fc.Arbitrary<string>, node: FilesNode, anyStatus: boolean): fc.Arbitrary<FileValue> {
  const asked = node.statuses ?? STATUSES;
  const status = anyStatus
    ? fc.oneof(fc.constantFrom(...asked), fc.constantFrom(...STATUSES))
    : fc.constantFrom(...asked);
  return fc
    .record({ path, status, previousPath: path, patch: patchFor(node) })
    .map(({ path: p, status: s, previousPath, patch }) => ({
      path: p,
      status: s,
      ...(s === 'renamed' || s === 'copied' ? { previousPath } : {}),
      ...(s === 'deleted' ? {} : { patch }),
    }));
}

/** A patch whose added lines match the criterion's content pattern, or narrowly do not. */
function patchFor(node: FilesNode): fc.Arbitrary<string> {
  const lines = contentLines(node.content);
  if (lines === undefined) return arbitraryPatch();
  return fc
    .array(lines, { minLength: 1, maxLength: 3 })
    .map((added) => `@@ -0,0 +1,${added.length} @@\n${added.map((l) => `+${l}`).join('\n')}\n`);
}

/** Lines that match `content` (RE2, searched in each added line) and near misses; undefined without one. */
export function contentLines(content: string | null): fc.Arbitrary<string> | undefined {
  if (content === null) return undefined;
  const re2 = RE2JS.compile(content);
  const found = (line: string) => re2.matcher(line).find();
  const js = jsRegex(content);
  const quiet = ADDED_LINES.filter((l) => !found(l));
  const neutral = fc.constantFrom(...(quiet.length > 0 ? quiet : ADDED_LINES));
  if (js === undefined) return fc.oneof(neutral, fc.constantFrom(...ADDED_LINES));
  // filter retries without bound: use it only when fast-check can read the pattern and RE2
  // agrees with what it generated.
  const fallback = fc.oneof(neutral, fc.constantFrom(...ADDED_LINES));
  let generated: fc.Arbitrary<string>;
  try {
    // fast-check generates from a regex without flags: a (?i) pattern's lines are re-cased after.
    generated = fc
      .stringMatching(js.re, { size: 'xsmall' })
      .map((l) => l.replace(/[\r\n\u2028\u2029]/g, ' '))
      .chain((l) => (js.ignoreCase ? recased(l) : fc.constant(l)));
    if (!fc.sample(generated, { numRuns: 40, seed: 42 }).some(found)) return fallback;
  } catch {
    return fallback;
  }
  const hits = generated.filter(found);
  const misses = hits.chain((hit) => {
    const near = [...hit].map((_, i) => hit.slice(0, i) + hit.slice(i + 1)).filter((l) => !found(l));
    return near.length > 0 ? fc.constantFrom(...near) : neutral;
  });
  return fc.oneof(hits, misses, neutral);
}

// RE2 and JavaScript agree on the patterns policies use; a leading (?i) is taken off (the
// lines are re-cased instead). Anything JavaScript cannot read falls back to neutral lines.
function jsRegex(content: string): { re: RegExp; ignoreCase: boolean } | undefined {
  const ignoreCase = content.startsWith('(?i)');
  // fast-check reads neither \b nor (?i:...): drop the one and make the other a plain group (its
  // lines are then a subset of the matches); RE2 keeps only the lines it really matches.
  const body = (ignoreCase ? content.slice(4) : content).replace(/(?<!\\)\\b/g, '').replace(/\(\?i:/g, '(?:');
  try {
    return { re: new RegExp(body), ignoreCase };
  } catch {
    return undefined;
  }
}

function recased(line: string): fc.Arbitrary<string> {
  return fc
    .array(fc.boolean(), { minLength: line.length, maxLength: line.length })
    .map((up) => [...line].map((c, i) => (up[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
}
