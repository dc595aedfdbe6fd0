import type { CoverageReport } from './coverage-report.types.js';
import { LineHits } from './line-hits.js';
import { reportError } from './report-error.js';

// Go cover profiles (`go test -coverprofile`): a `mode:` line, then one block per line,
// `importpath/file.go:startLine.startCol,endLine.endCol statements count`. Go has no parser
// for it outside its toolchain (golang.org/x/tools/cover is Go), and the format is one
// regex. Every line of a block gets the block's count; a line in several blocks ran if any did.
const BLOCK = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/;

export function readGoProfile(text: string, source: string): CoverageReport {
  const lines = text.split(/\r?\n/);
  if (!/^mode: (set|count|atomic)$/.test(lines[0] ?? '')) {
    throw reportError(source, 'a Go cover profile starts with "mode: set|count|atomic"', 1);
  }
  const hits = new LineHits();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    // `go test` concatenates profiles of several packages with repeated mode lines.
    if (/^mode: (set|count|atomic)$/.test(line)) continue;
    const m = BLOCK.exec(line);
    if (!m) throw reportError(source, `not a cover profile block: "${line.slice(0, 60)}"`, i + 1);
    const [file, start, end, count] = [m[1] as string, Number(m[2]), Number(m[4]), Number(m[7])];
    if (start < 1 || end < start || end - start > 100_000)
      throw reportError(source, `bad line range ${start}-${end}`, i + 1);
    for (let n = start; n <= end; n++) hits.add(file, n, count);
  }
  return { format: 'go', sourceRoots: [], files: hits.files };
}
