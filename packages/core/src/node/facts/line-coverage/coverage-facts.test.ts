import { describe, expect, test } from 'vitest';
import { coverageFacts } from './coverage-facts.js';
import type { CoverageReport } from './coverage-report.types.js';
import { type MappedReport, mapReportPaths } from './map-report-paths.js';

const report = (
  files: Record<string, Record<number, number>>,
  sourceRoots: string[] = [],
): CoverageReport => ({
  format: 'lcov',
  sourceRoots,
  files: new Map(
    Object.entries(files).map(([name, lines]) => [
      name,
      new Map(Object.entries(lines).map(([l, h]) => [Number(l), h])),
    ]),
  ),
});

const TOP = '/ci/work/repo';
const exists = (paths: string[]) => (p: string) => paths.includes(p);
const placed = (m: MappedReport) => [...m.byRepoPath.keys()].sort();

describe('mapReportPaths', () => {
  test('an absolute path under the repository becomes relative; one elsewhere is left unplaced', () => {
    const m = mapReportPaths(
      report({ '/ci/work/repo/src/a.ts': { 1: 1 }, '/other/checkout/src/b.ts': { 1: 1 } }),
      {
        top: TOP,
        reportDir: 'coverage',
        exists: exists(['src/a.ts', 'src/b.ts']),
      },
    );
    expect(placed(m)).toEqual(['src/a.ts']);
    expect(m.unplaced.map((u) => u.name)).toEqual(['/other/checkout/src/b.ts']);
  });

  test('a relative name is placed under the deepest folder of the report where the file exists', () => {
    const m = mapReportPaths(report({ 'src/a.ts': { 1: 1 } }), {
      top: TOP,
      reportDir: 'packages/core/coverage',
      exists: exists(['packages/core/src/a.ts', 'src/a.ts']),
    });
    expect(placed(m)).toEqual(['packages/core/src/a.ts']);
  });

  test('a Cobertura source root, absolute or relative, roots the file names', () => {
    const absolute = mapReportPaths(report({ 'a.py': { 1: 1 } }, ['/ci/work/repo/app']), {
      top: TOP,
      reportDir: '',
      exists: exists(['app/a.py']),
    });
    expect(placed(absolute)).toEqual(['app/a.py']);
    const relative = mapReportPaths(report({ 'a.py': { 1: 1 } }, ['app']), {
      top: TOP,
      reportDir: '',
      exists: exists(['app/a.py']),
    });
    expect(placed(relative)).toEqual(['app/a.py']);
  });

  test('a name that would leave the repository, or a file that does not exist, is not placed', () => {
    const m = mapReportPaths(report({ '../../etc/passwd': { 1: 1 }, 'ghost.ts': { 1: 1 } }), {
      top: TOP,
      reportDir: 'coverage',
      exists: () => false,
    });
    expect(placed(m)).toEqual([]);
  });

  test('Windows separators and file:// URLs are read', () => {
    const m = mapReportPaths(report({ 'file:///ci/work/repo/src/a.ts': { 1: 1 }, 'src\\b.ts': { 2: 0 } }), {
      top: TOP,
      reportDir: '',
      exists: exists(['src/a.ts', 'src/b.ts']),
    });
    expect(placed(m)).toEqual(['src/a.ts', 'src/b.ts']);
  });
});

const mapped = (
  byRepoPath: Record<string, Record<number, number>>,
  unplaced: Record<string, Record<number, number>> = {},
): MappedReport => {
  const lines = (o: Record<number, number>) => new Map(Object.entries(o).map(([l, h]) => [Number(l), h]));
  return {
    byRepoPath: new Map(Object.entries(byRepoPath).map(([p, o]) => [p, lines(o)])),
    unplaced: Object.entries(unplaced).map(([name, o]) => ({ name, lines: lines(o) })),
  };
};

// Lines 2 and 3 are added (line 2 modifies the old line 2).
const PATCH = '@@ -1,3 +1,4 @@\n a\n-b\n+B\n+c\n d\n';

describe('coverageFacts', () => {
  test('counts the added and modified lines, and those with hits', () => {
    const r = coverageFacts(
      [{ path: 'src/a.ts', status: 'modified', patch: PATCH }],
      [mapped({ 'src/a.ts': { 1: 5, 2: 1, 3: 0 } })],
    );
    expect(r).toEqual({ coverage: { changedLines: 2, coveredLines: 1 }, notInReport: [], unknownLines: [] });
  });

  test('a changed line the report does not list is uncovered, not unknown', () => {
    const r = coverageFacts(
      [{ path: 'src/a.ts', status: 'modified', patch: PATCH }],
      [mapped({ 'src/a.ts': { 2: 1 } })],
    );
    expect(r.coverage).toEqual({ changedLines: 2, coveredLines: 1 });
  });

  test('a file no report knows counts for nothing and is named', () => {
    const r = coverageFacts(
      [
        { path: 'src/a.ts', status: 'modified', patch: PATCH },
        { path: 'README.md', status: 'modified', patch: PATCH },
      ],
      [mapped({ 'src/a.ts': { 2: 1, 3: 1 } })],
    );
    expect(r).toEqual({
      coverage: { changedLines: 2, coveredLines: 2 },
      notInReport: ['README.md'],
      unknownLines: [],
    });
  });

  test('a known file without a patch, or with a malformed one, makes coverage unknown', () => {
    const known = [mapped({ 'src/a.ts': { 2: 1 }, 'src/b.ts': { 1: 1 } })];
    const noPatch = coverageFacts(
      [
        { path: 'src/a.ts', status: 'modified', patch: PATCH },
        { path: 'src/b.ts', status: 'modified' },
      ],
      known,
    );
    expect(noPatch).toEqual({ coverage: undefined, notInReport: [], unknownLines: ['src/b.ts'] });
    const malformed = coverageFacts([{ path: 'src/a.ts', status: 'modified', patch: '+x\n' }], known);
    expect(malformed.coverage).toBeUndefined();
  });

  test('deleted files count for nothing', () => {
    const r = coverageFacts([{ path: 'src/a.ts', status: 'deleted' }], [mapped({ 'src/a.ts': { 1: 1 } })]);
    expect(r).toEqual({ coverage: { changedLines: 0, coveredLines: 0 }, notInReport: [], unknownLines: [] });
  });

  test('several reports merge: a line ran if any report says it ran', () => {
    const r = coverageFacts(
      [{ path: 'src/a.ts', status: 'modified', patch: PATCH }],
      [mapped({ 'src/a.ts': { 2: 1, 3: 0 } }), mapped({ 'src/a.ts': { 3: 4 } })],
    );
    expect(r.coverage).toEqual({ changedLines: 2, coveredLines: 2 });
  });

  test('an unplaced name matches a changed file by its trailing segments, only when exactly one does', () => {
    const file = [{ path: 'pkg/a.go', status: 'modified', patch: PATCH }];
    const one = coverageFacts(file, [mapped({}, { 'github.com/acme/x/pkg/a.go': { 2: 1, 3: 1 } })]);
    expect(one.coverage).toEqual({ changedLines: 2, coveredLines: 2 });
    const two = coverageFacts(file, [
      mapped({}, { 'github.com/acme/x/pkg/a.go': { 2: 1 }, 'github.com/acme/y/pkg/a.go': { 2: 1 } }),
    ]);
    expect(two).toEqual({
      coverage: { changedLines: 0, coveredLines: 0 },
      notInReport: ['pkg/a.go'],
      unknownLines: [],
    });
    // A relative name that could not be placed (the change came from a file) matches whole.
    const whole = coverageFacts(file, [mapped({}, { 'pkg/a.go': { 2: 1 } })]);
    expect(whole.coverage).toEqual({ changedLines: 2, coveredLines: 1 });
    // A name that merely ends with the same characters is not the same file.
    const partial = coverageFacts(file, [mapped({}, { 'github.com/acme/x/mypkg/a.go': { 2: 1 } })]);
    expect(partial.notInReport).toEqual(['pkg/a.go']);
  });
});
