import type { Tier } from '../tier.js';

// The compiled form of a blast-radius policy and the normalised form of a change. Both are
// plain JSON: the TypeScript engine evaluates them, and the Rego policy
// (policies/rego/blast_radius) receives the compiled policy as data and the normalised change
// as input, so both engines run the very same regexes on the very same facts.

/** Three-valued (Kleene) truth. */
export type Truth = 'true' | 'false' | 'unknown';

/** Conditions nest at most this deep (root = depth 0), so Rego can evaluate them unrolled. */
export const MAX_CONDITION_DEPTH = 8;

export type FileStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied';
export type ServiceFlag = 'slo' | 'canary' | 'killSwitch';
export type DependencyChange = 'added' | 'removed' | 'updated' | 'upgraded' | 'downgraded';

interface NodeBase {
  /** Index of this node in CompiledPolicy.nodes. */
  readonly id: number;
  /** 0 for a rule's root condition; children are one deeper. */
  readonly depth: number;
  /** JSON pointer of the condition in the policy document, for explanations. */
  readonly at: string;
}

export interface FilesNode extends NodeBase {
  readonly op: 'files' | 'allFiles';
  /** The globs as written (`paths`, `exclude`), for explanations and for the TS matcher. */
  readonly globs: readonly string[];
  readonly excludeGlobs: readonly string[];
  readonly ignoreCase: boolean;
  /** Anchored RE2 regexes compiled from the `paths` globs (with `(?i)` under ignoreCase). */
  readonly paths: readonly string[];
  readonly exclude: readonly string[];
  /** null: any status. */
  readonly statuses: readonly FileStatus[] | null;
  /** RE2 regex searched in each added line (with `(?i)` under ignoreCase); null: not asked. */
  readonly content: string | null;
  /**
   * One RE2 alternation of the `content.notWithin` block headers (each with `(?i)` under the
   * content's ignoreCase); an added line enclosed by a line it matches is not searched. null:
   * every added line is searched.
   */
  readonly notWithin: string | null;
  /** The lines `content` searches: the added ones, or the removed ones too ("changed"). */
  readonly lines: ContentLines;
}

export type ContentLines = 'added' | 'changed';

export interface ReposNode extends NodeBase {
  readonly op: 'repos';
  readonly min: number;
}

export interface DependenciesNode extends NodeBase {
  readonly op: 'dependencies';
  readonly change: readonly DependencyChange[] | null;
  readonly ecosystem: readonly string[] | null;
  readonly allowlisted: boolean | null;
  readonly scoreBelow: number | null;
  readonly scoreAtLeast: number | null;
}

export interface CoverageNode extends NodeBase {
  readonly op: 'coverage';
  readonly below: number | null;
  readonly atLeast: number | null;
}

export interface ServiceNode extends NodeBase {
  readonly op: 'service';
  readonly has: readonly ServiceFlag[];
  readonly lacks: readonly ServiceFlag[];
}

export interface LabelsNode extends NodeBase {
  readonly op: 'labels';
  readonly anyOf: readonly string[] | null;
  readonly allOf: readonly string[] | null;
}

export interface RowsAffectedNode extends NodeBase {
  readonly op: 'rowsAffected';
  readonly above: number;
}

export interface CombinatorNode extends NodeBase {
  readonly op: 'allOf' | 'anyOf' | 'not';
  /** Node ids of the operands (exactly one for `not`). */
  readonly children: readonly number[];
}

export type ConditionNode =
  | FilesNode
  | ReposNode
  | DependenciesNode
  | CoverageNode
  | ServiceNode
  | LabelsNode
  | RowsAffectedNode
  | CombinatorNode;

export interface CompiledRule {
  readonly id: string;
  readonly tier: Tier;
  readonly description: string;
  /** Node id of the rule's root condition. */
  readonly root: number;
}

export interface CompiledPolicy {
  readonly name: string;
  /** sha256 of the policy document's canonical JSON (RFC 8785), as `sha256:<hex>`. */
  readonly digest: string;
  readonly default: Tier;
  readonly rules: readonly CompiledRule[];
  /** Every condition node of every rule, flat; a node's children have higher depth. */
  readonly nodes: readonly ConditionNode[];
}

export interface NormalisedFile {
  /** JSON pointer of the file in the original change, e.g. "/files/3". */
  readonly at: string;
  /** The normalised path, then the normalised previousPath for a rename or copy. */
  readonly paths: readonly string[];
  readonly status: FileStatus;
  /** The file's repo, else the change's, else null (all such files count as one repo). */
  readonly repo: string | null;
  /** Added lines of the patch without the leading `+`; null when there is no patch or it is over the bound. */
  readonly added: readonly string[] | null;
  /**
   * For each added line (same index), the new-side lines of its hunk that enclose it by
   * indentation, outermost first (added-lines.ts); null exactly when `added` is null.
   */
  readonly scopes: readonly (readonly string[])[] | null;
  /** Removed lines of the patch without the leading `-`; null exactly when `added` is null. */
  readonly removed: readonly string[] | null;
}

export interface NormalisedDependency {
  readonly at: string;
  readonly name: string;
  readonly change: DependencyChange;
  readonly ecosystem: string | null;
  readonly allowlisted: boolean | null;
  readonly score: number | null;
}

export interface NormalisedChange {
  readonly files: readonly NormalisedFile[];
  /** Number of distinct repos among the files (repo-less files count as one). */
  readonly repoCount: number;
  readonly dependencies: readonly NormalisedDependency[];
  /** coveredLines / changedLines; null when coverage is missing or changedLines is 0. */
  readonly coverageRatio: number | null;
  readonly service: { readonly slo: boolean; readonly canary: boolean; readonly killSwitch: boolean } | null;
  readonly labels: readonly string[];
  readonly rowsAffected: number | null;
}
