import fc from 'fast-check';
import type { Change } from '../schemas/input-types/index.js';
import { ADDED_LINES, ECOSYSTEMS, LABELS, REPOS, SEGMENTS } from './vocabulary.js';

const STATUSES = ['added', 'modified', 'deleted', 'renamed', 'copied'] as const;
const DEP_CHANGES = ['added', 'removed', 'updated', 'upgraded', 'downgraded'] as const;

/** A normalised repository path: 1 to 4 segments of the shared vocabulary. */
export function arbitraryPath(): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
}

/**
 * Another spelling of the same path: `./` and `.` segments, doubled slashes, backslashes,
 * `x/..` detours and NFD instead of NFC. Normalising it must give back `path`.
 */
export function arbitraryPathSpelling(path: string): fc.Arbitrary<string> {
  const segments = path.split('/');
  return fc
    .record({
      dots: fc.array(fc.boolean(), { minLength: segments.length, maxLength: segments.length }),
      detours: fc.array(fc.boolean(), { minLength: segments.length, maxLength: segments.length }),
      backslash: fc.boolean(),
      doubled: fc.boolean(),
      nfd: fc.boolean(),
    })
    .map(({ dots, detours, backslash, doubled, nfd }) => {
      const parts: string[] = [];
      segments.forEach((s, i) => {
        if (dots[i]) parts.push('.');
        if (detours[i]) parts.push('detour', '..');
        parts.push(s);
      });
      let out = parts.join(doubled ? '//' : '/');
      if (backslash) out = out.replace(/\//g, '\\');
      return nfd ? out.normalize('NFD') : out;
    });
}

/**
 * A unified diff of one or two hunks whose lines (added, removed and context, interleaved)
 * come from the shared vocabulary (or `lines`); the hunk headers count them, and a later hunk
 * starts past the end of the one before it, as git writes them.
 */
export function arbitraryPatch(lines: readonly string[] = ADDED_LINES): fc.Arbitrary<string> {
  const line = fc.record({
    kind: fc.constantFrom('+', '-', ' ', '+'),
    text: fc.constantFrom(...lines),
  });
  return fc.array(fc.array(line, { maxLength: 6 }), { minLength: 1, maxLength: 2 }).map((hunks) => {
    let oldStart = 1;
    let newStart = 1;
    return hunks
      .map((hunk) => {
        const old = hunk.filter((l) => l.kind !== '+').length;
        const added = hunk.filter((l) => l.kind !== '-').length;
        const header = `@@ -${oldStart},${old} +${newStart},${added} @@\n`;
        oldStart += old + 10;
        newStart += added + 10;
        return header + hunk.map((l) => `${l.kind}${l.text}\n`).join('');
      })
      .join('');
  });
}

const arbitraryFile = fileOf(arbitraryPath(), arbitraryPatch());

// The shared-vocabulary file arbitrary unless the caller brings paths, segments or lines.
function fileArbitrary(options: ArbitraryChangeOptions) {
  if (options.paths === undefined && options.segments === undefined && options.addedLines === undefined)
    return arbitraryFile;
  const paths =
    options.paths === undefined
      ? fc
          .array(fc.constantFrom(...(options.segments ?? SEGMENTS)), { minLength: 1, maxLength: 4 })
          .map((s) => s.join('/'))
      : Array.isArray(options.paths)
        ? fc.constantFrom(...(options.paths as readonly string[]))
        : (options.paths as fc.Arbitrary<string>);
  return fileOf(paths, arbitraryPatch(options.addedLines));
}

function fileOf(path: fc.Arbitrary<string>, patch: fc.Arbitrary<string>) {
  return fc
    .record(
      {
        path,
        previousPath: path,
        status: fc.constantFrom(...STATUSES),
        repo: fc.constantFrom(...REPOS),
        patch,
      },
      { requiredKeys: ['path', 'status'] },
    )
    .map((f) => {
      const renamed = f.status === 'renamed' || f.status === 'copied';
      const { previousPath, ...rest } = f;
      if (renamed) return { ...rest, previousPath: previousPath ?? 'a/old.ts' };
      return rest;
    });
}

const arbitraryDependency = fc.record(
  {
    name: fc.constantFrom('left-pad', 'lodash', 'requests', 'zod'),
    change: fc.constantFrom(...DEP_CHANGES),
    ecosystem: fc.constantFrom(...ECOSYSTEMS),
    allowlisted: fc.boolean(),
    score: fc.double({ min: 0, max: 1, noNaN: true }),
  },
  { requiredKeys: ['name', 'change'] },
);

/**
 * A valid change (schemas/change.schema.json) with any subset of the optional facts
 * missing, renames and copies, per-file repos and patches.
 */
export interface ArbitraryChangeOptions {
  readonly minFiles?: number;
  readonly maxFiles?: number;
  /**
   * The user's own vocabulary: paths to draw files from (a list, or an arbitrary such as
   * arbitraryPathFor(glob).map((c) => c.path)), instead of the shared 27 segments.
   */
  readonly paths?: readonly string[] | fc.Arbitrary<string>;
  /** Segments to build paths from (1 to 4 of them), when `paths` is not given. */
  readonly segments?: readonly string[];
  /** Lines the patches add and remove, instead of the shared ADDED_LINES. */
  readonly addedLines?: readonly string[];
}

export function arbitraryChange(options: ArbitraryChangeOptions = {}) {
  return fc
    .record(
      {
        repo: fc.constantFrom(...REPOS),
        files: fc.array(fileArbitrary(options), {
          minLength: options.minFiles ?? 0,
          maxLength: options.maxFiles ?? 6,
        }),
        dependencies: fc.array(arbitraryDependency, { maxLength: 3 }),
        coverage: fc
          .tuple(fc.nat({ max: 200 }), fc.nat({ max: 200 }))
          .map(([a, b]) => ({ changedLines: Math.max(a, b), coveredLines: Math.min(a, b) })),
        service: fc.record(
          {
            name: fc.constant('payments-api'),
            slo: fc.boolean(),
            canary: fc.boolean(),
            killSwitch: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
        labels: fc.uniqueArray(fc.constantFrom(...LABELS), { maxLength: 3 }),
        data: fc.record({ rowsAffected: fc.nat({ max: 3_000_000 }) }, { requiredKeys: [] }),
      },
      { requiredKeys: ['files'] },
    )
    .map((c) => c as ChangeValue);
}

/** What arbitraryChange produces: always a valid change (schemas/change.schema.json). */
export type ChangeValue = Change;
