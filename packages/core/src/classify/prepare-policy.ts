import type { CompiledPolicy, FilesNode } from './compiled.types.js';
import { compileGlob } from './glob/compile-glob.js';
import { GlobSet } from './glob/glob-set.js';
import { contentOf, type PreparedSnapshot, restorePrepared } from './prepared-snapshot.js';

// What the TypeScript engine builds once per compiled policy, from its plain JSON: one
// GlobSet for every glob of every rule, an index from each glob to the file predicates that
// use it, and the content regexes. Cached per policy object.

export interface GlobUse {
  readonly node: FilesNode;
  readonly exclude: boolean;
}

export interface PreparedPolicy {
  readonly globs: GlobSet;
  /** For each glob id, the file predicates naming it in `paths` or `exclude` (once per naming). */
  readonly uses: readonly (readonly GlobUse[])[];
  /**
   * The content regex of each file predicate that asks for one, by node id: its pattern,
   * compiled on first use (compileRe2 remembers it). A change none of whose files reaches a
   * content predicate never compiles one; RE2JS compiles the default policy's in ~100 ms.
   */
  readonly content: ReadonlyMap<number, string>;
  /** The block-header pattern of each file predicate whose content names `notWithin`, by node id. */
  readonly notWithin: ReadonlyMap<number, string>;
}

const cache = new WeakMap<CompiledPolicy, PreparedPolicy>();
const snapshots = new WeakMap<CompiledPolicy, () => PreparedSnapshot>();

/**
 * Gives the prepared form of `policy` as a build-time snapshot (prepared-snapshot.ts), read on
 * first use instead of compiling the policy's globs: the default policy's (issue 16).
 */
export function providePreparedSnapshot(policy: CompiledPolicy, snapshot: () => PreparedSnapshot): void {
  snapshots.set(policy, snapshot);
}

export function preparePolicy(policy: CompiledPolicy): PreparedPolicy {
  const hit = cache.get(policy);
  if (hit) return hit;
  const snapshot = snapshots.get(policy);
  const prepared = snapshot === undefined ? buildPrepared(policy) : restorePrepared(policy, snapshot());
  cache.set(policy, prepared);
  return prepared;
}

/** The prepared form of `policy`, built from its globs (what a snapshot is taken of). */
export function buildPrepared(policy: CompiledPolicy): PreparedPolicy {
  const globs = new GlobSet();
  const ids = new Map<string, number>();
  const uses: GlobUse[][] = [];
  for (const node of policy.nodes) {
    if (node.op !== 'files' && node.op !== 'allFiles') continue;
    const register = (glob: string, exclude: boolean) => {
      const key = `${node.ignoreCase}:${glob}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = uses.length;
        ids.set(key, id);
        uses.push([]);
        globs.add(id, compileGlob(glob, node.ignoreCase));
      }
      // A glob written twice in one predicate is used twice: the second use sets the same bit.
      (uses[id] as GlobUse[]).push({ node, exclude });
    };
    for (const g of node.globs) register(g, false);
    for (const g of node.excludeGlobs) register(g, true);
  }
  return { globs, uses, ...contentOf(policy) };
}
