#!/usr/bin/env node
// `pnpm test:mutation`: mutation testing of the deciding modules (stryker.config.mjs), one file
// at a time, each file with its own committed incremental baseline under
// reports/mutation/baseline/, then every file held to its group's threshold.
//
//   pnpm test:mutation                 files whose source or tests changed since their baseline
//   pnpm test:mutation --all           every deciding file (hours on 2 cores: see the docs)
//   pnpm test:mutation FILE...         these files
//   pnpm test:mutation --check         no Stryker run: only the thresholds over the baselines
//   --budget-minutes N                 stop (and fail) when the runs take longer (default 30)
//
// Stryker writes an incremental file holding only the files of its run, so one baseline per
// file keeps a run of one file from dropping the results of the others.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import config, { equivalentMutants, groups, pending, testsOf } from '../../stryker.config.mjs';
import { scoreFile, where } from './scores.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BASELINES = 'reports/mutation/baseline';
const STRYKER_BIN = path.join(ROOT, 'node_modules/@stryker-mutator/core/bin/stryker.js');

export function baselineOf(file) {
  return path.join(BASELINES, `${file.replaceAll('/', '__')}.json`);
}

// Stryker saves a partial incremental file when it is stopped (the budget, Ctrl-C): the next
// run resumes from it, but it lacks the mutants not yet tested, so its score means nothing.
// This marker says so until a run of the file completes; the check fails a marked file.
export function partialMarkerOf(file) {
  return `${baselineOf(file)}.partial`;
}

// The TypeScript checker's program: the mutated file's own package (its sources and tests,
// and whatever they import), not the whole workspace. Type-checking each mutant against
// every package was three quarters of a file's run; a mutant that breaks only another
// package's compile is then tested instead of set aside, which can only lower a score.
function checkerTsconfig(file) {
  const pkg = /^packages\/([^/]+)\/src\//.exec(file)?.[1];
  if (pkg === undefined) throw new Error(`${file} is not under packages/<package>/src/`);
  const dir = path.join(ROOT, 'node_modules/.cache/trustladder-mutation');
  mkdirSync(dir, { recursive: true });
  const tsconfig = path.join(dir, `tsconfig.${pkg}.json`);
  const up = path.relative(dir, ROOT);
  const config = {
    extends: `${up}/tsconfig.check.json`,
    compilerOptions: { tsBuildInfoFile: `./tsconfig.${pkg}.tsbuildinfo` },
    include: [`${up}/packages/${pkg}/src/**/*.ts`],
  };
  writeFileSync(tsconfig, `${JSON.stringify(config, null, 2)}\n`);
  return path.relative(ROOT, tsconfig);
}

function readJson(file) {
  return JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));
}

function readText(file) {
  const full = path.join(ROOT, file);
  return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
}

// Whether a file's baseline is current: same source, and every test file that covers one of
// its mutants unchanged. A test file that covers none cannot change a result, and a new test
// can only kill more mutants, so neither makes a baseline stale.
function isCurrent(file) {
  const baseline = baselineOf(file);
  if (!existsSync(path.join(ROOT, baseline))) return false;
  const report = readJson(baseline);
  if (report.files?.[file]?.source !== readText(file)) return false;
  for (const testFile of coveringTestFiles(report, file))
    if (report.testFiles[testFile].source !== readText(testFile)) return false;
  return true;
}

export function coveringTestFiles(report, file) {
  const ids = new Set();
  for (const m of report.files?.[file]?.mutants ?? [])
    for (const id of [...(m.coveredBy ?? []), ...(m.killedBy ?? [])]) ids.add(id);
  return Object.entries(report.testFiles ?? {})
    .filter(([, entry]) => entry.tests.some((t) => ids.has(t.id)))
    .map(([testFile]) => testFile);
}

function runStryker(file, deadline) {
  return new Promise((resolve) => {
    const started = Date.now();
    // Stryker itself, not through pnpm: one SIGINT must reach it once (a second one makes it
    // exit without restoring the file it mutated in place).
    const child = spawn(
      process.execPath,
      [STRYKER_BIN, 'run', 'stryker.config.mjs', '--mutate', file, '--incrementalFile', baselineOf(file)],
      {
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
        // Only the tests of the file's own package (stryker.config.mjs, testsOf).
        env: {
          ...process.env,
          TRUSTLADDER_MUTATION_TESTS: testsOf(file).join(','),
          TRUSTLADDER_MUTATION_TSCONFIG: checkerTsconfig(file),
        },
      },
    );
    const left = deadline - Date.now();
    const timer = setTimeout(
      () => {
        console.error(`[mutation] ${file}: over the time budget; stopping Stryker`);
        // Stryker restores in-place files on SIGINT.
        child.kill('SIGINT');
      },
      Math.max(left, 0),
    );
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // The vitest runner writes stryker-setup-N.js into the root for each runner it starts,
      // and leaves one behind whenever it replaces a runner after a timeout (git-ignored, but
      // biome would lint them): remove them once Stryker is done.
      for (const name of readdirSync(ROOT))
        if (/^stryker-setup-\d+\.js$/.test(name)) rmSync(path.join(ROOT, name), { force: true });
      const marker = path.join(ROOT, partialMarkerOf(file));
      if (code === 0) rmSync(marker, { force: true });
      else if (existsSync(path.join(ROOT, baselineOf(file))))
        writeFileSync(marker, 'the last Stryker run of this file did not complete: run it again\n');
      resolve({ ok: code === 0, seconds: (Date.now() - started) / 1000, code, signal });
    });
  });
}

function parseArgs(argv) {
  const options = { mode: 'changed', files: [], budgetMinutes: 30 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--all') options.mode = 'all';
    else if (a === '--check') options.mode = 'check';
    else if (a === '--budget-minutes') options.budgetMinutes = Number(argv[++i]);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else options.files.push(a);
  }
  if (options.files.length > 0) options.mode = 'files';
  if (!(options.budgetMinutes > 0)) throw new Error('--budget-minutes needs a positive number');
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const thresholdOf = new Map(groups.flatMap((g) => g.files.map((f) => [f, g.threshold])));
  const all = [...thresholdOf.keys()];
  for (const f of options.files)
    if (!thresholdOf.has(f)) throw new Error(`${f} is not a deciding file of stryker.config.mjs`);
  for (const f of pending)
    if (!thresholdOf.has(f.file))
      throw new Error(`pending ${f.file} is not a deciding file of stryker.config.mjs`);
  const pendingFiles = new Set(pending.map((p) => p.file));

  const toRun =
    options.mode === 'all'
      ? all
      : options.mode === 'files'
        ? options.files
        : options.mode === 'check'
          ? []
          : all.filter((f) => !pendingFiles.has(f) && !isCurrent(f));
  const deadline = Date.now() + options.budgetMinutes * 60_000;
  const timings = [];
  let failed = false;
  for (const file of toRun) {
    console.log(`\n[mutation] ${file}`);
    const result = await runStryker(file, deadline);
    timings.push([file, result.seconds]);
    if (!result.ok) {
      console.error(`[mutation] ${file}: Stryker failed (exit ${result.code ?? result.signal})`);
      failed = true;
      break;
    }
  }

  // The gate: every deciding file has a baseline at its threshold, except the pending ones.
  console.log('\n[mutation] score per file (equivalent and message-only mutants left out)');
  const usedEntries = new Set();
  const checked = options.mode === 'files' ? options.files : all;
  for (const file of checked) {
    const threshold = thresholdOf.get(file);
    if (!existsSync(path.join(ROOT, baselineOf(file)))) {
      if (pendingFiles.has(file)) {
        console.log(`  pending  ${file}: no baseline yet (${pending.find((p) => p.file === file).reason})`);
        continue;
      }
      console.error(`  MISSING  ${file}: no baseline (run pnpm test:mutation ${file})`);
      failed = true;
      continue;
    }
    if (existsSync(path.join(ROOT, partialMarkerOf(file)))) {
      console.error(
        `  PARTIAL  ${file}: its last run was stopped (run pnpm test:mutation ${file} to finish it)`,
      );
      failed = true;
      continue;
    }
    const report = readJson(baselineOf(file));
    const result = report.files?.[file];
    if (!result) {
      console.error(`  MISSING  ${file}: its baseline does not hold it`);
      failed = true;
      continue;
    }
    const stale = !isCurrent(file);
    const { score, counts, survivors, matched } = scoreFile(file, result, equivalentMutants);
    for (const e of matched) usedEntries.add(e);
    const ok = score >= threshold && !stale;
    if (!ok) failed = true;
    const mark = !ok ? 'FAIL' : 'ok';
    console.log(
      `  ${mark.padEnd(7)}  ${score.toFixed(1).padStart(5)}% (>= ${threshold}%)  ${file}  ` +
        `killed ${counts.killed + counts.timeout}, survived ${counts.survived + counts.noCoverage}, ` +
        `equivalent ${counts.equivalent}, ignored ${counts.ignored}, compile errors ${counts.compileError}` +
        (stale ? '  [baseline stale: the source or its tests changed since]' : ''),
    );
    if (score < threshold)
      for (const { mutant, original } of survivors)
        console.log(
          `           ${where(file, mutant)} ${mutant.mutatorName}: ${JSON.stringify(original)} -> ${JSON.stringify(mutant.replacement)}`,
        );
  }
  for (const e of equivalentMutants)
    if (checked.includes(e.file) && !usedEntries.has(e)) {
      console.error(
        `  STALE equivalent-mutant entry (matches no mutant): ${e.file} ${e.mutator} ${JSON.stringify(e.original)}`,
      );
      failed = true;
    }
  for (const [file, seconds] of timings) console.log(`  ran ${file} in ${seconds.toFixed(0)} s`);
  if (config.incremental !== true) throw new Error('stryker.config.mjs must keep incremental: true');
  process.exitCode = failed ? 1 : 0;
}

// Stryker mutates in place: two runs at once would instrument each other's files. One at a time.
function withLock(fn) {
  const dir = path.join(ROOT, 'node_modules/.cache');
  mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, 'trustladder-mutation.lock');
  try {
    openSync(lock, 'wx');
  } catch {
    throw new Error(`another mutation run holds ${lock} (remove it if no run is active)`);
  }
  const release = () => rmSync(lock, { force: true });
  process.on('exit', release);
  return fn().finally(release);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  withLock(main).catch((e) => {
    console.error(`[mutation] ${e.message}`);
    process.exitCode = 2;
  });
