import { normalisePath } from '../../../classify/normalise-path.js';
import { changedLineNumbers } from '../changed-lines.js';
import { invalidArgument, isObject } from '../invalid-argument.js';
import type { MappedReport } from './map-report-paths.js';

// Coverage of the lines a change adds or modifies, over one or more reports. A line that a
// report knows the file of but does not list (a comment, a line the tool did not
// instrument, or a line added after the report was made) counts as changed and uncovered:
// never as unknown, never as covered. A file that no report knows at all (a README, a
// language the reports do not cover) counts for nothing and is named. A known file whose
// changed lines cannot be told (no patch: binary or over the size bound; a malformed
// patch) makes the whole coverage unknown: counting it for nothing could hide its lines.

export interface CoverageFile {
  readonly path: string;
  readonly status: string;
  readonly patch?: string;
}

export interface CoverageFacts {
  /** The fact for the change; undefined when it cannot be told (see `unknownLines`). */
  readonly coverage: { readonly changedLines: number; readonly coveredLines: number } | undefined;
  /** Changed files no report knows: they count for nothing. */
  readonly notInReport: readonly string[];
  /** Files a report knows whose changed lines cannot be told: they make coverage unknown. */
  readonly unknownLines: readonly string[];
}

export function coverageFacts(
  files: readonly CoverageFile[],
  reports: readonly MappedReport[],
): CoverageFacts {
  if (!Array.isArray(files) || !files.every((f) => isObject(f) && typeof f.path === 'string'))
    throw invalidArgument('coverageFacts', 'files is a list of { path, status, patch? }');
  if (!Array.isArray(reports) || !reports.every((r) => isObject(r) && r.byRepoPath instanceof Map))
    throw invalidArgument('coverageFacts', 'reports is a list of mapped reports');
  let changedLines = 0;
  let coveredLines = 0;
  const notInReport: string[] = [];
  const unknownLines: string[] = [];
  for (const file of files) {
    if (file.status === 'deleted') continue;
    // Looked up as the policy sees the path: normalised. One that cannot be is in no report.
    const normal = normalisePath(file.path);
    const hits = normal.ok ? linesOf(normal.path, reports) : undefined;
    if (hits === undefined) {
      notInReport.push(file.path);
      continue;
    }
    const changed = file.patch === undefined ? undefined : changedLineNumbers(file.patch);
    if (changed === undefined) {
      unknownLines.push(file.path);
      continue;
    }
    changedLines += changed.length;
    for (const line of changed) if ((hits.get(line) ?? 0) > 0) coveredLines++;
  }
  return {
    coverage: unknownLines.length > 0 ? undefined : { changedLines, coveredLines },
    notInReport: notInReport.sort(),
    unknownLines: unknownLines.sort(),
  };
}

// Every report's lines for one repository path, merged (a line ran if any report says so).
// A report that placed no name on the path may still know it by an unplaced name that ends
// with `/path`, if exactly one does.
function linesOf(path: string, reports: readonly MappedReport[]): Map<number, number> | undefined {
  let merged: Map<number, number> | undefined;
  for (const report of reports) {
    let lines: ReadonlyMap<number, number> | undefined = report.byRepoPath.get(path);
    if (lines === undefined) {
      const suffix = suffixIndex(report).get(path);
      if (suffix?.length === 1) lines = suffix[0];
    }
    if (lines === undefined) continue;
    merged ??= new Map();
    for (const [line, count] of lines) merged.set(line, Math.max(count, merged.get(line) ?? 0));
  }
  return merged;
}

// Every proper trailing run of whole segments of each unplaced name -> the lines of the names
// that end so, built once per report: a lookup per changed file instead of a scan of every name.
const suffixIndexes = new WeakMap<MappedReport, Map<string, ReadonlyMap<number, number>[]>>();

function suffixIndex(report: MappedReport): Map<string, ReadonlyMap<number, number>[]> {
  let index = suffixIndexes.get(report);
  if (index === undefined) {
    index = new Map();
    for (const { name, lines } of report.unplaced) {
      // A relative name is also its own whole suffix: a change read from a file (--input) may
      // name paths that do not exist where classify runs, so they were not placed.
      const starts = /^([A-Za-z]:)?\//.test(name) ? [] : [0];
      for (let at = name.indexOf('/'); at >= 0; at = name.indexOf('/', at + 1)) starts.push(at + 1);
      for (const start of starts) {
        const suffix = name.slice(start);
        if (suffix === '') continue;
        const list = index.get(suffix) ?? [];
        list.push(lines);
        index.set(suffix, list);
      }
    }
    suffixIndexes.set(report, index);
  }
  return index;
}
