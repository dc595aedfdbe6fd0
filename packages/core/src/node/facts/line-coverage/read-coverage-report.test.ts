import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { TrustladderError } from '../../../errors.js';
import { readCoverageReport } from './read-coverage-report.js';

// Reports made here by the real tools, on a two-function fixture whose test calls only
// `add` (lines 1-3 run, `sub` on lines 4-6 does not).
const LIB =
  'export function add(a, b) {\n  return a + b;\n}\nexport function sub(a, b) {\n  return a - b;\n}\n';
const TEST =
  "import test from 'node:test';\nimport { add } from './lib.mjs';\ntest('add', () => { if (add(1, 2) !== 3) throw new Error('add'); });\n";
const c8 = join(createRequire(import.meta.url).resolve('c8/package.json'), '../bin/c8.js');

const hitsOf = (report: ReturnType<typeof readCoverageReport>, name: string) =>
  Object.fromEntries([...(report.files.get(name) ?? new Map())].map(([l, h]) => [l, h > 0 ? 1 : 0]));

describe('readCoverageReport on reports the tools wrote', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tl-cov-'));
    writeFileSync(join(dir, 'lib.mjs'), LIB);
    writeFileSync(join(dir, 'lib.test.mjs'), TEST);
    execFileSync(
      process.execPath,
      [
        '--test',
        '--experimental-test-coverage',
        '--test-reporter=lcov',
        '--test-reporter-destination=node.lcov',
        'lib.test.mjs',
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    execFileSync(
      process.execPath,
      [
        c8,
        '--reporter=json',
        '--reporter=cobertura',
        '--reporter=lcovonly',
        '--reports-dir=c8',
        process.execPath,
        '--test',
        'lib.test.mjs',
      ],
      { cwd: dir, stdio: 'ignore' },
    );
  }, 60_000);

  test("Node's test runner lcov: lib.mjs lines 1-3 hit, 4-6 not", () => {
    const report = readCoverageReport(readFileSync(join(dir, 'node.lcov'), 'utf8'), 'node.lcov');
    expect(report.format).toBe('lcov');
    expect(hitsOf(report, 'lib.mjs')).toEqual({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 0, 6: 0 });
  });

  test('c8 lcov, Istanbul JSON and Cobertura agree on the lines that ran', () => {
    const lcov = readCoverageReport(readFileSync(join(dir, 'c8/lcov.info'), 'utf8'), 'lcov.info');
    const json = readCoverageReport(readFileSync(join(dir, 'c8/coverage-final.json'), 'utf8'), 'final.json');
    const xml = readCoverageReport(readFileSync(join(dir, 'c8/cobertura-coverage.xml'), 'utf8'), 'cob.xml');
    expect([lcov.format, json.format, xml.format]).toEqual(['lcov', 'istanbul', 'cobertura']);
    const absolute = join(dir, 'lib.mjs');
    expect(hitsOf(json, absolute)).toEqual({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 0, 6: 0 });
    expect(hitsOf(lcov, [...lcov.files.keys()][0] as string)).toEqual(hitsOf(json, absolute));
    expect(hitsOf(xml, 'lib.mjs')).toEqual(hitsOf(json, absolute));
    expect(xml.sourceRoots).toEqual([dir]);
  });
});

const hasGo = spawnSync('go', ['version']).status === 0;

describe.runIf(hasGo)('readCoverageReport on a Go cover profile', () => {
  test('go test -coverprofile: the tested function ran, the other did not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-gocov-'));
    mkdirSync(join(dir, 'calc'));
    writeFileSync(join(dir, 'go.mod'), 'module example.com/acme/calc\n\ngo 1.22\n');
    writeFileSync(
      join(dir, 'calc/calc.go'),
      'package calc\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n\nfunc Sub(a, b int) int {\n\treturn a - b\n}\n',
    );
    writeFileSync(
      join(dir, 'calc/calc_test.go'),
      'package calc\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal("add")\n\t}\n}\n',
    );
    execFileSync('go', ['test', '-coverprofile=cover.out', './...'], {
      cwd: dir,
      stdio: 'ignore',
      env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' },
    });
    const report = readCoverageReport(readFileSync(join(dir, 'cover.out'), 'utf8'), 'cover.out');
    expect(report.format).toBe('go');
    const lines = hitsOf(report, 'example.com/acme/calc/calc/calc.go');
    expect([lines[4], lines[8]]).toEqual([1, 0]);
  }, 180_000);
});

// coverage.py where the machine has it; otherwise the samples it wrote (testdata/README.md).
const hasCoveragePy = spawnSync('python3', ['-m', 'coverage', '--version']).status === 0;

describe('readCoverageReport on coverage.py reports', () => {
  let xml: string;
  let lcov: string;
  beforeAll(() => {
    if (!hasCoveragePy) {
      xml = readFileSync(join(import.meta.dirname, 'testdata/coverage-py.xml'), 'utf8');
      lcov = readFileSync(join(import.meta.dirname, 'testdata/coverage-py.lcov'), 'utf8');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'tl-pycov-'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app/__init__.py'), '');
    writeFileSync(
      join(dir, 'app/calc.py'),
      'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n',
    );
    writeFileSync(join(dir, 'run_tests.py'), 'from app.calc import add\n\nassert add(1, 2) == 3\n');
    const py = (...args: string[]) =>
      execFileSync('python3', ['-m', 'coverage', ...args], { cwd: dir, stdio: 'ignore' });
    py('run', '--source=app', 'run_tests.py');
    py('xml', '-o', 'coverage.xml');
    py('lcov', '-o', 'py.lcov');
    xml = readFileSync(join(dir, 'coverage.xml'), 'utf8');
    lcov = readFileSync(join(dir, 'py.lcov'), 'utf8');
  }, 60_000);

  test('Cobertura XML and lcov from coverage.py: add ran, sub did not', () => {
    const cobertura = readCoverageReport(xml, 'coverage.xml');
    expect(cobertura.format).toBe('cobertura');
    expect(hitsOf(cobertura, 'app/calc.py')).toEqual({ 1: 1, 2: 1, 5: 1, 6: 0 });
    expect(cobertura.files.has('app/__init__.py')).toBe(true);
    const fromLcov = readCoverageReport(lcov, 'py.lcov');
    expect(hitsOf(fromLcov, 'app/calc.py')).toEqual(hitsOf(cobertura, 'app/calc.py'));
  });
});

describe('readCoverageReport refuses what it cannot read, naming the file and line', () => {
  const refuse = (text: string) => {
    try {
      readCoverageReport(text, 'bad.report');
    } catch (e) {
      expect(e).toBeInstanceOf(TrustladderError);
      const error = e as TrustladderError;
      expect(error.source).toBe('bad.report');
      return { code: error.issues[0]?.code, line: error.issues[0]?.position?.line };
    }
    throw new Error('accepted');
  };

  test.each([
    ['a garbled DA line', 'TN:\nSF:a.ts\nDA:x,1\nend_of_record\n', 3],
    ['a line number 0', 'SF:a.ts\nDA:0,1\nend_of_record\n', 2],
    ['a record with no end', 'SF:a.ts\nDA:1,1\n', 3],
    ['a field before SF', 'TN:\nDA:1,1\nSF:a.ts\nend_of_record\n', 2],
    ['a stray line', 'SF:a.ts\nhello\nend_of_record\n', 2],
  ])('lcov: %s', (_, text, line) => {
    expect(refuse(text)).toEqual({ code: 'unreadable_report', line });
  });

  test('Go: profiles concatenated with repeated mode lines are read whole; a backwards range is refused', () => {
    const report = readCoverageReport(
      'mode: set\na/x.go:1.1,2.2 1 1\nmode: set\na/y.go:3.1,3.9 1 0\n',
      'cover.out',
    );
    expect([...report.files.keys()]).toEqual(['a/x.go', 'a/y.go']);
    expect(hitsOf(report, 'a/x.go')).toEqual({ 1: 1, 2: 1 });
    expect(refuse('mode: set\na.go:5.1,3.1 1 1\n')).toEqual({ code: 'unreadable_report', line: 2 });
    expect(refuse('mode: sometimes\n')).toEqual({ code: 'unreadable_report', line: 1 });
  });

  test('Cobertura: a line without a number or with negative hits is refused', () => {
    const xml = (line: string) =>
      `<coverage>\n<packages><package><classes>\n<class filename="a.py"><lines>${line}</lines></class>\n</classes></package></packages></coverage>`;
    expect(refuse(xml('<line hits="1"/>')).line).toBe(3);
    expect(refuse(xml('<line number="2" hits="-1"/>')).line).toBe(3);
    expect(
      refuse(
        '<coverage><packages><package><classes><class><lines/></class></classes></package></packages></coverage>',
      ).code,
    ).toBe('unreadable_report');
  });

  // The shared JSON reader (load/json.ts) takes the position from V8's message, which on
  // Node 24 has none for this error; so only the code is asserted here.
  test('Istanbul: broken JSON is refused', () => {
    expect(refuse('{\n"a": \n}').code).toBe('unreadable_report');
  });

  test('Go: a bad block, on its line', () => {
    expect(refuse('mode: set\na.go:1.1,2.2 1 1\nnot a block\n')).toEqual({
      code: 'unreadable_report',
      line: 3,
    });
  });

  test('Cobertura: broken XML, on its line; an entity declaration, always', () => {
    expect(refuse('<coverage>\n<packages>\n</coverage>\n').line).toBe(3);
    expect(refuse('<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY a "b">]>\n<coverage/>').line).toBe(2);
    expect(refuse('<report name="jacoco"/>').code).toBe('unreadable_report');
  });

  test('Istanbul: a summary has no lines', () => {
    expect(refuse('{"total": {"lines": {"pct": 100}}}').code).toBe('not_line_coverage');
  });

  test('something else, or a byte-order mark', () => {
    expect(refuse('hello').code).toBe('unknown_format');
    expect(refuse('\uFEFFSF:a\nend_of_record\n').code).toBe('bom');
  });
});
