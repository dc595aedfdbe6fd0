#!/usr/bin/env node
// Docs as tests: runs every `console` block of README.md, docs/*.md, examples/*/README.md and
// packages/*/README.md (what npm shows)
// with the repository's built CLI and compares the output with the doc (transcript.mjs says how
// the comparison normalises), then type-checks every `ts` block as a consumer of the published
// packages would (dist types, no source condition, strict, skipLibCheck off) and runs it.
//
//   node scripts/doc-tests/run.mjs [FILE...]         fail (exit 1) on any drift
//   TRUSTLADDER_UPDATE_DOCS=1 node scripts/doc-tests/run.mjs   rewrite the outputs in the docs
//
// Directives, an HTML comment on the line before a fence:
//   <!-- doctest: continue -->        run in the previous console block's sandbox (same file)
//   <!-- doctest: skip REASON -->     not run (a cluster, a remote); the reason is printed
//   <!-- doctest: typecheck-only REASON -->   a ts block that is type-checked but not run
// A transcript ("$ " lines) in any other kind of block is an error: it would never be tested.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fencedBlocks, replaceBodies } from './markdown.mjs';
import {
  describeDrift,
  normaliseOutput,
  outputMatches,
  parseTranscript,
  updatedOutput,
} from './transcript.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const update = process.env.TRUSTLADDER_UPDATE_DOCS === '1';
// What a doc's commands may read: the shipped policies, examples, schemas and generated policies.
const SANDBOX_DIRS = ['policies', 'examples', 'schemas', 'kyverno'];
const COMMAND_TIMEOUT_MS = 120_000;

function docFiles() {
  const examples = readdirSync(join(root, 'examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `examples/${d.name}/README.md`)
    .filter((f) => exists(f));
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  const packages = readdirSync(join(root, 'packages'))
    .map((d) => `packages/${d}/README.md`)
    .filter((f) => exists(f));
  return ['README.md', ...docs.sort(), ...examples.sort(), ...packages.sort()];
}

function exists(file) {
  try {
    readFileSync(join(root, file));
    return true;
  } catch {
    return false;
  }
}

const work = mkdtempSync(join(tmpdir(), 'trustladder-doc-tests-'));
const bin = join(work, 'bin');
mkdirSync(bin);
// `trustladder` in a doc is the repository's built CLI, as `pnpm add -g @trustladder/cli` would
// install it.
writeFileSync(
  join(bin, 'trustladder'),
  `#!/bin/sh\nexec node ${JSON.stringify(join(root, 'packages/cli/dist/bin.js'))} "$@"\n`,
  { mode: 0o755 },
);
const env = {
  ...process.env,
  PATH: `${bin}:${join(root, '.tools/bin')}:${join(root, '.tools/node/bin')}:${process.env.PATH ?? ''}`,
  TZ: 'UTC',
  NO_COLOR: '1',
};
delete env.FORCE_COLOR;
delete env.TRUSTLADDER_UPDATE_DOCS;

let sandboxes = 0;
function newSandbox() {
  const dir = join(work, `sandbox-${++sandboxes}`);
  mkdirSync(dir);
  for (const d of SANDBOX_DIRS) cpSync(join(root, d), join(dir, d), { recursive: true });
  // The examples' demo scripts run `node packages/cli/dist/bin.js` from the repository root.
  for (const d of ['node_modules', 'packages']) symlinkSync(join(root, d), join(dir, d));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  return dir;
}

function runCommand(command, cwd) {
  const r = spawnSync('bash', ['-c', `set -o pipefail\nexec 2>&1\n${command}`], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: COMMAND_TIMEOUT_MS,
  });
  return {
    status: r.status ?? -1,
    output: normaliseOutput(`${r.stdout ?? ''}${r.error ? String(r.error) : ''}`),
  };
}

const failures = [];
const skipped = [];
const tsBlocks = [];
let consoleCount = 0;
let commandCount = 0;

function withExit(commandLines, exit) {
  const last = (commandLines.at(-1) ?? '').replace(/\s*#\s*exit\s+\d+\s*$/, '');
  return [...commandLines.slice(0, -1), exit === 0 ? last : `${last}   # exit ${exit}`];
}

function runConsoleBlock(file, block, cwd) {
  const where = `${file}:${block.open + 2}`;
  let steps;
  try {
    steps = parseTranscript(block.body);
  } catch (e) {
    failures.push(`${where}: ${e.message}`);
    return block.body;
  }
  const body = [];
  for (const step of steps) {
    commandCount++;
    const { status, output } = runCommand(step.command, cwd);
    const line = `${file}:${block.open + 2 + step.line}`;
    const outputOk = outputMatches(step.expected, output);
    if (status !== step.exit) {
      const shown = output
        .slice(0, 20)
        .map((l) => `  ${l}`)
        .join('\n');
      failures.push(`${line}: \`${step.command}\` exited ${status}, the doc says ${step.exit}\n${shown}`);
    } else if (!outputOk) {
      failures.push(
        `${line}: the output of \`${step.command}\` drifted from the doc\n${describeDrift(step.expected, output)}`,
      );
    }
    body.push(
      ...withExit(step.commandLines, status),
      ...(outputOk ? step.expected : updatedOutput(step.expected, output)),
    );
  }
  return body;
}

for (const file of process.argv.slice(2).length > 0 ? process.argv.slice(2) : docFiles()) {
  const text = readFileSync(join(root, file), 'utf8');
  const replacements = [];
  let sandbox;
  for (const block of fencedBlocks(text, file)) {
    const directive = block.directive ?? '';
    const where = `${file}:${block.open + 1}`;
    if (block.lang === 'ts' || block.lang === 'typescript') {
      tsBlocks.push({ file, block, run: !directive.startsWith('typecheck-only') });
      if (!directive.startsWith('typecheck-only')) continue;
      if (directive.replace('typecheck-only', '').trim() === '') {
        failures.push(`${where}: "typecheck-only" needs a reason`);
      }
      skipped.push(`${where}: not run: ${directive.replace('typecheck-only', '').trim()}`);
      continue;
    }
    if (block.lang !== 'console') {
      if (block.body.some((l) => l.startsWith('$ '))) {
        failures.push(
          `${where}: a transcript ("$ " lines) in a \`${block.info || 'plain'}\` block: make it \`console\``,
        );
      }
      continue;
    }
    consoleCount++;
    if (directive.startsWith('skip')) {
      const reason = directive.slice('skip'.length).trim();
      if (reason === '') failures.push(`${where}: "skip" needs a reason`);
      skipped.push(`${where}: skipped: ${reason}`);
      continue;
    }
    if (directive !== 'continue' || sandbox === undefined) sandbox = newSandbox();
    const body = runConsoleBlock(file, block, sandbox);
    replacements.push({ block, body });
  }
  if (update) {
    const next = replaceBodies(text, replacements);
    if (next !== text) {
      writeFileSync(join(root, file), next);
      console.log(`updated ${file}`);
    }
  }
}

// TypeScript blocks: one project, one file per block, compiled against the packages' dist types
// exactly as a consumer resolves them (no @trustladder/source condition).
const tsDir = newSandbox();
const names = tsBlocks.map(({ file, block }) => `${file.replace(/[^a-z0-9]+/gi, '_')}_${block.open + 1}.ts`);
tsBlocks.forEach(({ block }, i) => {
  writeFileSync(join(tsDir, names[i] ?? ''), `${block.body.join('\n')}\nexport {};\n`);
});
writeFileSync(
  join(tsDir, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      target: 'ES2024',
      lib: ['ES2024'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      noEmit: true,
      allowImportingTsExtensions: true,
      types: ['node'],
    },
    files: names,
  }),
);
if (tsBlocks.length > 0) {
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', tsDir], {
    cwd: tsDir,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) {
    // Point each error at the doc's line: block files start at the fence's next line.
    const text = (tsc.stdout ?? '') + (tsc.stderr ?? '');
    const mapped = text.replace(/^(\S+?\.ts)\((\d+),(\d+)\)/gm, (whole, name, ln, col) => {
      const i = names.indexOf(name);
      const entry = tsBlocks[i];
      return entry ? `${entry.file}:${entry.block.open + 1 + Number(ln)}:${col}` : whole;
    });
    failures.push(`ts blocks do not type-check against the packages:\n${mapped.trim()}`);
  }
  tsBlocks.forEach(({ file, block, run }, i) => {
    if (!run) return;
    const r = spawnSync(process.execPath, [names[i] ?? ''], {
      cwd: tsDir,
      env,
      encoding: 'utf8',
      timeout: COMMAND_TIMEOUT_MS,
    });
    if (r.status !== 0) {
      failures.push(
        `${file}:${block.open + 1}: the ts block fails when run (exit ${r.status})\n${(r.stderr ?? '').trim().split('\n').slice(0, 12).join('\n')}`,
      );
    }
  });
}

rmSync(work, { recursive: true, force: true });
for (const s of skipped) console.log(s);
const ran = tsBlocks.filter((b) => b.run).length;
console.log(
  `${consoleCount} console blocks (${commandCount} commands), ${tsBlocks.length} ts blocks type-checked (${ran} run), ${skipped.length} not run, ${failures.length} failure(s)`,
);
if (failures.length > 0) {
  console.error(`\n${failures.join('\n\n')}`);
  if (!update)
    console.error(
      '\nTo accept the outputs the program prints now: TRUSTLADDER_UPDATE_DOCS=1 node scripts/doc-tests/run.mjs',
    );
  process.exit(1);
}
