import { TrustladderError } from '../errors.js';
import { type Issue, joinPointer, pointer } from '../issues.js';
import { validateAgainst } from '../load/validate.js';
import { type PatchLines, readPatch } from './added-lines.js';
import type {
  DependencyChange,
  FileStatus,
  NormalisedChange,
  NormalisedDependency,
  NormalisedFile,
} from './compiled.types.js';
import { describePathProblem, normalisePath } from './normalise-path.js';

export interface NormaliseOptions {
  /**
   * A patch larger than this many UTF-16 code units makes content predicates unknown for its
   * file (never false): nothing is read past a bound, and nothing unread counts as safe.
   */
  readonly maxPatchLength?: number;
  /** Shown in errors, e.g. the input file name. */
  readonly source?: string;
}

export const DEFAULT_MAX_PATCH_LENGTH = 1024 * 1024;

interface ChangeInput {
  repo?: string;
  files: Array<{
    path: string;
    previousPath?: string;
    status: FileStatus;
    repo?: string;
    patch?: string;
  }>;
  dependencies?: Array<{
    name: string;
    change: DependencyChange;
    ecosystem?: string;
    allowlisted?: boolean;
    score?: number;
  }>;
  coverage?: { changedLines: number; coveredLines: number };
  service?: { slo?: boolean; canary?: boolean; killSwitch?: boolean };
  labels?: string[];
  data?: { rowsAffected?: number };
}

/**
 * Validates a change (schemas/change.schema.json) and turns it into the facts rules see.
 * Throws TrustladderError INVALID_INPUT with every problem, each at its JSON pointer.
 */
export function normaliseChange(change: unknown, options: NormaliseOptions = {}): NormalisedChange {
  const schemaIssues = validateAgainst('change', change);
  if (schemaIssues.length > 0) invalid(schemaIssues, options.source);
  const input = change as ChangeInput;
  const issues: Issue[] = [];
  const maxPatch = options.maxPatchLength ?? DEFAULT_MAX_PATCH_LENGTH;

  const files: NormalisedFile[] = [];
  const repos = new Set<string | null>();
  input.files.forEach((file, i) => {
    const at = `/files/${i}`; // pointer('files', i): neither token needs escaping
    const paths: string[] = [];
    for (const key of ['path', 'previousPath'] as const) {
      const raw = file[key];
      if (raw === undefined) continue;
      const result = normalisePath(raw);
      if (result.ok) {
        if (!paths.includes(result.path)) paths.push(result.path);
      } else
        issues.push({
          code: `path_${result.problem}`,
          path: joinPointer(at, key),
          message: describePathProblem(result.problem),
        });
    }
    const repo = file.repo ?? input.repo ?? null;
    repos.add(repo);
    const patch = file.patch;
    files.push(
      patch === undefined || patch.length > maxPatch
        ? { at, paths, status: file.status, repo, added: null, scopes: null, removed: null }
        : withLazyPatch(at, paths, file.status, repo, patch),
    );
  });

  const dependencies: NormalisedDependency[] = (input.dependencies ?? []).map((d, i) => ({
    at: pointer('dependencies', i),
    name: d.name,
    change: d.change,
    ecosystem: d.ecosystem ?? null,
    allowlisted: d.allowlisted ?? null,
    score: d.score ?? null,
  }));

  let coverageRatio: number | null = null;
  if (input.coverage) {
    const { changedLines, coveredLines } = input.coverage;
    if (coveredLines > changedLines) {
      issues.push({
        code: 'coverage_inconsistent',
        path: '/coverage/coveredLines',
        message: `coveredLines (${coveredLines}) exceeds changedLines (${changedLines})`,
      });
    } else if (changedLines > 0) coverageRatio = coveredLines / changedLines;
  }

  if (issues.length > 0) invalid(issues, options.source);
  return {
    files,
    repoCount: repos.size,
    dependencies,
    coverageRatio,
    service: input.service
      ? {
          slo: input.service.slo === true,
          canary: input.service.canary === true,
          killSwitch: input.service.killSwitch === true,
        }
      : null,
    labels: input.labels ?? [],
    rowsAffected: input.data?.rowsAffected ?? null,
  };
}

// The added lines are parsed on first read, once: the TypeScript engine reads them only for
// files that reach a content pattern (issue 16: most files of a large change never do). Own
// enumerable getters, so JSON (the Rego input), spreads and structuredClone still carry the
// lines; the property test checks lazy against eager.
//
// The getters are three functions shared by every file, reading the patch from a symbol-keyed
// slot (which JSON, spreads and structuredClone skip). Getters made per file (an object
// literal with `get added()`) cost about 1 kB per file: 107 MB of a 100k-file change.
const PATCH = Symbol('patch');

interface PatchSlot {
  readonly status: FileStatus;
  patch: string | undefined;
  lines: PatchLines | null;
}

type LazyFile = NormalisedFile & { readonly [PATCH]: PatchSlot };

function linesOf(file: LazyFile): PatchLines | null {
  const slot = file[PATCH];
  if (slot.patch !== undefined) {
    slot.lines = readableLines(slot.status, slot.patch);
    slot.patch = undefined; // parsed once; the text is no longer needed
  }
  return slot.lines;
}

const LAZY_LINES: PropertyDescriptorMap = {
  added: {
    enumerable: true,
    get(this: LazyFile) {
      return linesOf(this)?.added ?? null;
    },
  },
  scopes: {
    enumerable: true,
    get(this: LazyFile) {
      return linesOf(this)?.scopes ?? null;
    },
  },
  removed: {
    enumerable: true,
    get(this: LazyFile) {
      return linesOf(this)?.removed ?? null;
    },
  },
};

/**
 * A file whose patch is parsed on first read of its lines: only the files that reach a
 * content predicate pay for it.
 */
function withLazyPatch(
  at: string,
  paths: readonly string[],
  status: FileStatus,
  repo: string | null,
  patch: string,
): NormalisedFile {
  const file = { at, paths, status, repo };
  Object.defineProperty(file, PATCH, { value: { status, patch, lines: null } satisfies PatchSlot });
  return Object.defineProperties(file, LAZY_LINES) as LazyFile;
}

/**
 * The lines of a patch, or null when they cannot say what changed: a modified file whose
 * patch changes no line changed something lines cannot show (git gives a mode-only change
 * so), so what its content does is unknown, not "nothing".
 */
export function readableLines(status: FileStatus, patch: string): PatchLines | null {
  const parsed = readPatch(patch);
  const unreadable = status === 'modified' && parsed.added.length === 0 && parsed.removed.length === 0;
  return unreadable ? null : parsed;
}

function invalid(issues: readonly Issue[], source?: string): never {
  throw new TrustladderError('INVALID_INPUT', `the change is invalid: ${issues.length} problem(s)`, {
    source,
    issues,
  });
}
