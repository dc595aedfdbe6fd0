// Facts readers at CI scale: parsing coverage reports (lcov, Cobertura, Istanbul JSON, Go) of
// many files, mapping them onto a change, and matching a change's paths against a service
// catalog. Reports are generated here with realistic shapes (200 instrumented lines a file).
import {
  coverageFacts,
  loadServiceCatalog,
  mapReportPaths,
  readCoverageReport,
  serviceFacts,
} from '@trustladder/core/node';
import { QUICK, medianMs as time } from './median-time.mjs';

const LINES = 200;
const path = (i) => `services/svc-${i % 100}/src/module-${i}/file-${i}.ts`;

function lcov(files) {
  const out = [];
  for (let i = 0; i < files; i++) {
    out.push('TN:', `SF:${path(i)}`);
    for (let l = 1; l <= LINES; l++) out.push(`DA:${l},${(i + l) % 3}`);
    out.push(`LF:${LINES}`, 'LH:0', 'end_of_record');
  }
  return `${out.join('\n')}\n`;
}

function cobertura(files) {
  const classes = [];
  for (let i = 0; i < files; i++) {
    const lines = [];
    for (let l = 1; l <= LINES; l++) lines.push(`<line number="${l}" hits="${(i + l) % 3}"/>`);
    classes.push(
      `<class name="f${i}" filename="${path(i)}"><methods/><lines>${lines.join('')}</lines></class>`,
    );
  }
  return `<?xml version="1.0" ?>\n<coverage><sources><source>/ci/repo</source></sources><packages><package name="p"><classes>${classes.join('\n')}</classes></package></packages></coverage>\n`;
}

function istanbul(files) {
  const doc = {};
  for (let i = 0; i < files; i++) {
    const statementMap = {};
    const s = {};
    for (let l = 1; l <= LINES; l++) {
      statementMap[l] = { start: { line: l, column: 0 }, end: { line: l, column: 10 } };
      s[l] = (i + l) % 3;
    }
    doc[`/ci/repo/${path(i)}`] = {
      path: `/ci/repo/${path(i)}`,
      statementMap,
      s,
      fnMap: {},
      f: {},
      branchMap: {},
      b: {},
    };
  }
  return JSON.stringify(doc);
}

function goProfile(files) {
  const out = ['mode: set'];
  for (let i = 0; i < files; i++)
    for (let l = 1; l <= LINES; l += 4)
      out.push(`example.com/acme/${path(i).replace('.ts', '.go')}:${l}.1,${l + 3}.2 2 ${(i + l) % 2}`);
  return `${out.join('\n')}\n`;
}

const rows = [];
for (const files of QUICK ? [1000] : [1000, 10_000]) {
  for (const [format, make] of [
    ['lcov', lcov],
    ['cobertura', cobertura],
    ['istanbul', istanbul],
    ['go', goProfile],
  ]) {
    const text = make(files);
    const ms = time(() => readCoverageReport(text, `report.${format}`));
    rows.push({
      what: `read ${format}`,
      files,
      MB: (text.length / 1e6).toFixed(1),
      ms: ms.toFixed(1),
      'MB/s': (text.length / 1e6 / (ms / 1000)).toFixed(0),
    });
  }
}
console.table(rows);

// Mapping and counting: a report of 10,000 files, a change of 1,000 of them.
const reportFiles = QUICK ? 2000 : 10_000;
const report = readCoverageReport(lcov(reportFiles), 'lcov.info');
const existing = new Set(Array.from({ length: reportFiles }, (_, i) => path(i)));
const change = Array.from({ length: 1000 }, (_, i) => ({
  path: path(i * 7),
  status: 'modified',
  patch: '@@ -10,4 +10,6 @@\n a\n-b\n+B\n+c\n+d\n d\n e\n',
}));
const mapMs = time(() =>
  mapReportPaths(report, { top: '/ci/repo', reportDir: '', exists: (p) => existing.has(p) }),
);
const mapped = mapReportPaths(report, { top: '/ci/repo', reportDir: '', exists: (p) => existing.has(p) });
const countMs = time(() => coverageFacts(change, [mapped]));
const goReport = readCoverageReport(goProfile(reportFiles), 'cover.out');
const goMapped = mapReportPaths(goReport, { top: '/ci/repo', reportDir: '', exists: () => false });
const goChange = change.map((f) => ({ ...f, path: f.path.replace('.ts', '.go') }));
const suffixMs = time(() => coverageFacts(goChange, [goMapped]));
console.table([
  { what: `map ${reportFiles} report files to the repository`, ms: mapMs.toFixed(1) },
  { what: 'coverage of a 1,000-file change', ms: countMs.toFixed(1) },
  { what: 'same, Go import paths (trailing-segment match)', ms: suffixMs.toFixed(1) },
]);

// Services: a catalog of N services, a change of 1,000 files.
const serviceRows = [];
for (const services of QUICK ? [100] : [100, 1000]) {
  const catalog = loadServiceCatalog(
    JSON.stringify({
      apiVersion: 'trustladder.dev/v1',
      kind: 'ServiceCatalog',
      metadata: { name: 'bench' },
      services: Array.from({ length: services }, (_, i) => ({
        name: `svc-${i}`,
        paths: [`services/svc-${i}/**`, `deploy/svc-${i}/*.yaml`],
        exclude: [`services/svc-${i}/**/*.md`],
        slo: true,
      })),
    }),
    { source: 'catalog.yaml', dir: '' },
  );
  const ms = time(() => serviceFacts(change, catalog));
  serviceRows.push({ services, 'changed files': change.length, ms: ms.toFixed(1) });
}
console.table(serviceRows);
