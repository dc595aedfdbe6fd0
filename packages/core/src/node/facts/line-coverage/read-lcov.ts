import lcovParser from '@friedemannsommer/lcov-parser/sync';
import type { CoverageReport } from './coverage-report.types.js';
import { LineHits } from './line-hits.js';
import { reportError } from './report-error.js';

// lcov trace files (c8, nyc, vitest, jest, Node's test runner, pytest-cov, grcov, geninfo).
// The parser is lenient (a garbled DA line becomes line 0), so every line is checked first,
// with its line number, and a record without SF or end_of_record is refused.
const FIELD = /^(TN|SF|VER|FN|FNDA|FNF|FNH|FNL|FNA|DA|LF|LH|BRDA|BRF|BRH):/;
const DA = /^DA:(\d+),(\d+)(?:,[^,]*)?$/;

export function readLcov(text: string, source: string): CoverageReport {
  const lines = text.split(/\r?\n/);
  let open = false;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line === 'end_of_record') {
      if (!open) throw reportError(source, 'end_of_record without SF', i + 1);
      open = false;
      return;
    }
    if (!FIELD.test(line)) throw reportError(source, `not an lcov line: "${line.slice(0, 40)}"`, i + 1);
    if (line.startsWith('SF:')) {
      if (open) throw reportError(source, 'SF before the previous end_of_record', i + 1);
      if (line.length === 3) throw reportError(source, 'SF without a path', i + 1);
      open = true;
    } else if (!open && !line.startsWith('TN:') && !line.startsWith('VER:')) {
      throw reportError(source, 'a record field before SF', i + 1);
    } else if (line.startsWith('DA:')) {
      const m = DA.exec(line);
      if (!m || Number(m[1]) < 1) throw reportError(source, `bad DA line: "${line.slice(0, 40)}"`, i + 1);
    }
  });
  if (open) throw reportError(source, 'the last record has no end_of_record', lines.length);
  const hits = new LineHits();
  for (const section of lcovParser({ from: text })) {
    hits.touch(section.path);
    for (const { line, hit } of section.lines.details) hits.add(section.path, line, hit);
  }
  return { format: 'lcov', sourceRoots: [], files: hits.files };
}
