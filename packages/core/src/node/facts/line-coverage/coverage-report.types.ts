// One coverage report, whatever tool wrote it: for each file as the report names it, the
// hit count of each line the tool instrumented.

export type CoverageFormat = 'lcov' | 'cobertura' | 'go' | 'istanbul';

export interface CoverageReport {
  readonly format: CoverageFormat;
  /** Where relative file names are rooted, when the report says (Cobertura `<source>`). */
  readonly sourceRoots: readonly string[];
  /** Report path -> line number -> hits (a line instrumented twice keeps the larger count). */
  readonly files: ReadonlyMap<string, ReadonlyMap<number, number>>;
}
