// Builds the report's file -> line -> hits map. The same line reported twice (two test
// names in lcov, two classes in Cobertura, two blocks in a Go profile) keeps the larger
// count: it ran if any record says it ran.
export class LineHits {
  readonly files = new Map<string, Map<number, number>>();

  add(path: string, line: number, hits: number): void {
    let lines = this.files.get(path);
    if (!lines) {
      lines = new Map();
      this.files.set(path, lines);
    }
    lines.set(line, Math.max(hits, lines.get(line) ?? 0));
  }

  /** Marks a file known even when it has no instrumented line. */
  touch(path: string): void {
    if (!this.files.has(path)) this.files.set(path, new Map());
  }
}
