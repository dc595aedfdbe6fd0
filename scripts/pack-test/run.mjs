#!/usr/bin/env node
// The published packages, as a downstream project gets them: `pnpm pack` every public package
// (workspace:* becomes the version), check each tarball carries README.md, LICENSE and no
// tests, then install the tarballs into two fresh projects outside the workspace, one ESM and
// one CommonJS (TypeScript `module: nodenext`, `strict`, `skipLibCheck: false`), with no dev
// dependency of ours. Each imports every export of every package, type-checks, and runs;
// `trustladder` from the installed bin must print its usage and classify a change.
// Third-party packages come from pnpm's store when it has them (--prefer-offline), else from
// the registry. TRUSTLADDER_PACK_KEEP=1 keeps the temporary directory for a look.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consumerSource, exportNames } from './consumer-source.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'trustladder-pack-'));
const failures = [];

function run(cmd, args, cwd, options = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', ...options });
  return { status: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function must(cmd, args, cwd, what) {
  const r = run(cmd, args, cwd);
  if (r.status !== 0) {
    console.error(`${what} failed (exit ${r.status}):\n${r.out}`);
    finish(1);
  }
  return r.out;
}

function finish(code) {
  if (process.env.TRUSTLADDER_PACK_KEEP === '1') console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
  process.exit(code);
}

// 1. Pack every public package.
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
const packages = readdirSync(join(root, 'packages'))
  .map((d) => ({
    dir: join(root, 'packages', d),
    pkg: JSON.parse(readFileSync(join(root, 'packages', d, 'package.json'), 'utf8')),
  }))
  .filter(({ pkg }) => pkg.private !== true);
const tarballOf = {};
for (const { dir, pkg } of packages) {
  const out = must('pnpm', ['pack', '--pack-destination', tarballs, '--json'], dir, `pnpm pack ${pkg.name}`);
  const { filename } = JSON.parse(out.slice(out.indexOf('{')));
  tarballOf[pkg.name] = filename;
  const files = execFileSync('tar', ['-tzf', filename], { encoding: 'utf8' }).split('\n');
  for (const required of ['package/README.md', 'package/LICENSE', 'package/package.json']) {
    if (!files.includes(required)) failures.push(`${pkg.name}: the tarball has no ${required.slice(8)}`);
  }
  const tests = files.filter((f) => /\.test\.|\/testdata\//.test(f));
  if (tests.length > 0)
    failures.push(`${pkg.name}: the tarball carries tests: ${tests.slice(0, 3).join(', ')}`);
  const license = execFileSync('tar', ['-xOzf', filename, 'package/LICENSE'], { encoding: 'utf8' });
  if (license !== readFileSync(join(root, 'LICENSE'), 'utf8'))
    failures.push(`${pkg.name}: LICENSE differs from the root's`);
  const packed = JSON.parse(
    execFileSync('tar', ['-xOzf', filename, 'package/package.json'], { encoding: 'utf8' }),
  );
  if (JSON.stringify(packed).includes('workspace:'))
    failures.push(`${pkg.name}: a workspace: range is left in package.json`);
}
console.log(`packed ${packages.length} packages`);

// 2. Two consumers. Every @trustladder/* dependency, direct or transitive, is a tarball
// (overrides), never the registry; fast-check is core/testing's declared peer.
const files = Object.fromEntries(Object.entries(tarballOf).map(([name, file]) => [name, `file:${file}`]));
for (const kind of ['esm', 'cjs']) {
  const dir = join(work, kind);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: `trustladder-consumer-${kind}`,
        private: true,
        type: kind === 'esm' ? 'module' : 'commonjs',
        dependencies: { ...files, 'fast-check': rootPkg.devDependencies['fast-check'] },
        devDependencies: { '@types/node': rootPkg.devDependencies['@types/node'] },
        pnpm: { overrides: files },
      },
      null,
      2,
    ),
  );
  must(
    'pnpm',
    ['install', '--prefer-offline', '--ignore-workspace', '--config.node-linker=isolated'],
    dir,
    `install (${kind})`,
  );
  const exports = {};
  for (const name of Object.keys(tarballOf)) {
    const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8'));
    for (const subpath of Object.keys(pkg.exports ?? {})) {
      const specifier = subpath === '.' ? name : `${name}/${subpath.slice(2)}`;
      exports[specifier] = await exportNames(join(dir, 'node_modules', name), pkg.exports[subpath]);
    }
  }
  writeFileSync(join(dir, 'index.ts'), consumerSource(exports));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2024',
        lib: ['ES2024'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: false,
        types: ['node'],
        outDir: 'out',
      },
      files: ['index.ts'],
    }),
  );
  const tsc = run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], dir);
  if (tsc.status !== 0) failures.push(`${kind} consumer does not type-check:\n${tsc.out.trim()}`);
  else {
    const node = run(process.execPath, ['out/index.js'], dir);
    if (node.status !== 0) failures.push(`${kind} consumer fails at run time:\n${node.out.trim()}`);
    else console.log(`${kind}: ${node.out.trim()}`);
  }
  // The bin, as installed (node_modules/.bin), without the workspace around it.
  const bin = join(dir, 'node_modules/.bin/trustladder');
  const help = run(bin, ['--help'], dir);
  if (help.status !== 0 || !help.out.includes('Usage: trustladder'))
    failures.push(`${kind}: trustladder --help exited ${help.status}:\n${help.out.slice(0, 400)}`);
  const classify = run(
    bin,
    ['classify', '--input', join(root, 'examples/changes/14-session-handling.json')],
    dir,
  );
  if (classify.status !== 0 || !classify.out.startsWith('T3 '))
    failures.push(`${kind}: trustladder classify exited ${classify.status}:\n${classify.out.slice(0, 400)}`);
}

if (failures.length > 0) {
  console.error(`\n${failures.join('\n\n')}`);
  finish(1);
}
console.log('every tarball installs, type-checks and runs in an ESM and a CommonJS project');
finish(0);
