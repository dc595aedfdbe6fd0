import { statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { invalidArgument } from '../invalid-argument.js';
import { readFactFile } from '../read-fact-file.js';
import { type CoverageFacts, type CoverageFile, coverageFacts } from './coverage-facts.js';
import type { CoverageFormat } from './coverage-report.types.js';
import { mapReportPaths } from './map-report-paths.js';
import { readCoverageReport } from './read-coverage-report.js';

export interface CoverageFromFiles extends CoverageFacts {
  /** Each report read, with its detected format, in the order given. */
  readonly reports: ReadonlyArray<{ readonly file: string; readonly format: CoverageFormat }>;
}

const MAX_REPORT_BYTES = 512 * 1024 * 1024;

/**
 * Reads coverage reports (paths relative to `cwd`) and computes the coverage of a change's
 * changed lines in the repository at `top`. A missing, oversized or malformed report is a
 * TrustladderError naming the file (and line, where the format has lines).
 */
export function coverageFromFiles(
  reportFiles: readonly string[],
  files: readonly CoverageFile[],
  options: { readonly cwd: string; readonly top: string },
): CoverageFromFiles {
  if (
    !Array.isArray(reportFiles) ||
    reportFiles.length === 0 ||
    !reportFiles.every((f) => typeof f === 'string')
  )
    throw invalidArgument('coverageFromFiles', 'takes a non-empty list of report files');
  const reports = reportFiles.map((file) => {
    const absolute = resolve(options.cwd, file);
    const report = readCoverageReport(readFactFile(absolute, file, MAX_REPORT_BYTES), file);
    const rel = relative(options.top, resolve(absolute, '..'));
    const reportDir = rel.startsWith('..') || isAbsolute(rel) ? undefined : rel.split(sep).join('/');
    const mapped = mapReportPaths(report, {
      top: options.top,
      reportDir,
      exists: (repoPath) => {
        try {
          return statSync(join(options.top, repoPath)).isFile();
        } catch {
          return false;
        }
      },
    });
    return { file, format: report.format, mapped };
  });
  const facts = coverageFacts(
    files,
    reports.map((r) => r.mapped),
  );
  return { ...facts, reports: reports.map(({ file, format }) => ({ file, format })) };
}
