import type { CompiledPolicy, FilesNode } from './compiled.types.js';
import { type GlobSetSnapshot, restoreGlobSet, snapshotGlobSet } from './glob/glob-set-snapshot.js';
import type { GlobUse, PreparedPolicy } from './prepare-policy.js';

// A prepared policy as data (issue 16): its GlobSet's tries and the index from each glob to
// the file predicates using it, by node id. The default policy ships one, made at build time
// (scripts/precompile-default-policy.mjs), so a cold start does not compile its globs again.
// It belongs to one policy: restoring it onto another (another digest, or nodes that are not
// file predicates where it says) throws instead of matching against the wrong globs.

export interface PreparedSnapshot {
  /** The digest of the policy it was taken of. */
  readonly digest: string;
  readonly globs: GlobSetSnapshot;
  /** For each glob id, [node id, 1 if in `exclude`] of each file predicate naming it. */
  readonly uses: readonly (readonly (readonly [number, 0 | 1])[])[];
}

export function snapshotPrepared(policy: CompiledPolicy, prepared: PreparedPolicy): PreparedSnapshot {
  return {
    digest: policy.digest,
    globs: snapshotGlobSet(prepared.globs),
    uses: prepared.uses.map((list) => list.map((u) => [u.node.id, u.exclude ? 1 : 0] as const)),
  };
}

export function restorePrepared(policy: CompiledPolicy, snapshot: PreparedSnapshot): PreparedPolicy {
  if (snapshot.digest !== policy.digest)
    throw new Error(`the prepared snapshot is of policy ${snapshot.digest}, not ${policy.digest}`);
  const fileNode = (id: number): FilesNode => {
    const node = policy.nodes[id];
    if (node === undefined || (node.op !== 'files' && node.op !== 'allFiles'))
      throw new Error(`the prepared snapshot names node ${id}, which is not a file predicate of the policy`);
    return node;
  };
  const uses: GlobUse[][] = snapshot.uses.map((list) =>
    list.map(([id, exclude]) => ({ node: fileNode(id), exclude: exclude === 1 })),
  );
  return { globs: restoreGlobSet(snapshot.globs), uses, ...contentOf(policy) };
}

/** The content and `notWithin` patterns of the policy's file predicates, by node id. */
export function contentOf(policy: CompiledPolicy): Pick<PreparedPolicy, 'content' | 'notWithin'> {
  const content = new Map<number, string>();
  const notWithin = new Map<number, string>();
  for (const node of policy.nodes) {
    if (node.op !== 'files' && node.op !== 'allFiles') continue;
    if (node.content !== null) content.set(node.id, node.content);
    if (node.notWithin !== null) notWithin.set(node.id, node.notWithin);
  }
  return { content, notWithin };
}
