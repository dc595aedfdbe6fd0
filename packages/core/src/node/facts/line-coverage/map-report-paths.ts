import { posix } from 'node:path';
import { invalidArgument } from '../invalid-argument.js';
import type { CoverageReport } from './coverage-report.types.js';

// Maps the file names a report uses to repository paths. Tools write them differently:
// absolute paths of the CI checkout (jest, c8, coverage.py), paths relative to the package
// the tests ran in (vitest in a monorepo package), Cobertura names relative to a `<source>`
// root, Go import paths (`github.com/acme/x/pkg/a.go`). A relative name is tried under the
// report's own folder and each folder above it, and the deepest one where the file exists
// wins; an absolute name under the repository is made relative. What is left (an absolute
// path of another checkout, a Go import path) is matched to a changed file by its trailing
// path segments later, and only when exactly one name matches: a guess is never made.

export interface ReportPathContext {
  /** The repository's top directory (absolute, `/`-separated). */
  readonly top: string;
  /** The report's folder relative to the top, or undefined when the report is elsewhere. */
  readonly reportDir: string | undefined;
  /** Whether a repository path exists (at the head of the range). */
  readonly exists: (repoPath: string) => boolean;
}

export interface MappedReport {
  /** Repository path -> line -> hits. */
  readonly byRepoPath: Map<string, Map<number, number>>;
  /** Names that could not be placed in the repository, for matching by trailing segments. */
  readonly unplaced: Array<{ readonly name: string; readonly lines: ReadonlyMap<number, number> }>;
}

export function mapReportPaths(report: CoverageReport, context: ReportPathContext): MappedReport {
  if (!(report?.files instanceof Map) || !Array.isArray(report.sourceRoots))
    throw invalidArgument('mapReportPaths', 'report is a CoverageReport');
  if (typeof context?.top !== 'string' || typeof context.exists !== 'function')
    throw invalidArgument('mapReportPaths', 'context has a top directory and an exists function');
  const byRepoPath = new Map<string, Map<number, number>>();
  const unplaced: MappedReport['unplaced'] = [];
  const top = slashes(context.top).replace(/\/$/, '');
  for (const [name, lines] of report.files) {
    const repoPath = place(slashes(name).replace(/^file:\/\//, ''), report.sourceRoots, top, context);
    if (repoPath === undefined) {
      unplaced.push({ name: slashes(name), lines });
      continue;
    }
    const merged = byRepoPath.get(repoPath) ?? new Map<number, number>();
    for (const [line, hits] of lines) merged.set(line, Math.max(hits, merged.get(line) ?? 0));
    byRepoPath.set(repoPath, merged);
  }
  return { byRepoPath, unplaced };
}

function place(
  name: string,
  sourceRoots: readonly string[],
  top: string,
  context: ReportPathContext,
): string | undefined {
  if (isAbsolute(name)) return underTop(name, top);
  const candidates: string[] = [];
  for (const root of sourceRoots.map(slashes)) {
    if (isAbsolute(root)) {
      const inside = underTop(posix.join(root, name), top);
      if (inside !== undefined) candidates.push(inside);
    } else candidates.push(...ancestors(context.reportDir).map((dir) => posix.join(dir, root, name)));
  }
  candidates.push(...ancestors(context.reportDir).map((dir) => posix.join(dir, name)));
  return candidates.map(clean).find((c) => c !== undefined && context.exists(c));
}

// The report's folder and every folder above it, deepest first, ending with the top ("").
function ancestors(dir: string | undefined): string[] {
  if (dir === undefined) return [''];
  const out: string[] = [];
  let current = clean(dir) ?? '';
  while (current !== '') {
    out.push(current);
    const parent = posix.dirname(current);
    current = parent === '.' ? '' : parent;
  }
  out.push('');
  return out;
}

function underTop(path: string, top: string): string | undefined {
  const normal = posix.normalize(path);
  return normal.startsWith(`${top}/`) ? clean(normal.slice(top.length + 1)) : undefined;
}

// A repository-relative path, or undefined when it leaves the repository.
function clean(path: string): string | undefined {
  const normal = posix.normalize(path);
  if (normal === '.' || normal === '') return '';
  if (normal.startsWith('../') || normal === '..' || normal.startsWith('/')) return undefined;
  return normal.replace(/^\.\//, '');
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:\//.test(path);
}

function slashes(path: string): string {
  return path.replace(/\\/g, '/');
}
