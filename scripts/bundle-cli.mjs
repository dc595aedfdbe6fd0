#!/usr/bin/env node
// Bundles the trustladder bin (packages/cli/src/bin.ts) with esbuild into packages/cli/dist/bin.js
// and its chunks in dist/chunks/, so a cold start reads a handful of files instead of ~500
// modules resolved one by one (issue 16). Each command stays its own chunk (ESM splitting):
// `classify` loads core, not sigstore, pg or the Kubernetes client. The library entry points
// (dist/index.js of every package) are tsc's, untouched. Run after tsc -b: the workspace
// packages are bundled from their dist/. `pnpm run build` runs both.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/cli');
const outdir = join(cli, 'dist');

// core/node reads the WebAssembly module it ships beside its dist/ (packages/core/wasm), found
// from its own module URL. Bundled, that URL is a chunk of the CLI's: resolve core's package
// instead, which finds the same file in the workspace and in an installed package.
const WASM_URL = "new URL('../../wasm/trustladder.wasm', import.meta.url)";
const relocateWasm = {
  name: 'relocate-core-wasm',
  setup(b) {
    b.onLoad({ filter: /[\\/]core[\\/]dist[\\/]node[\\/]wasm\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      // Fail the build, not the first `--engine wasm` run, when the line it rewrites moves.
      if (!text.includes(WASM_URL)) throw new Error(`${args.path} no longer has ${WASM_URL}`);
      return {
        contents: text.replace(
          WASM_URL,
          "new URL('../wasm/trustladder.wasm', import.meta.resolve('@trustladder/core'))",
        ),
        loader: 'js',
      };
    });
  },
};

rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: { bin: join(cli, 'src/bin.ts') },
  outdir,
  // Chunks two levels below the package, as tsc's dist/help/version.js is: its
  // `new URL('../../package.json', import.meta.url)` finds the CLI's package.json from either.
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22.12',
  // Optional native add-ons some dependencies try at run time, and fall back from.
  external: ['pg-native', 'bufferutil', 'utf-8-validate'],
  // The CommonJS dependencies call require(); an ES module has none of its own.
  banner: {
    js: "import { createRequire as __trustladderRequire } from 'node:module';\nconst require = __trustladderRequire(import.meta.url);",
  },
  legalComments: 'none',
  plugins: [relocateWasm],
  metafile: true,
  logLevel: 'warning',
});

// The Node version check in bin.ts runs before anything is loaded: the entry imports no chunk
// statically (a static import would be evaluated first), only Node's builtins.
const entry = Object.entries(metafile.outputs).find(([file]) => file.endsWith('dist/bin.js'))?.[1];
const early = (entry?.imports ?? []).filter(
  (i) => i.kind !== 'dynamic-import' && !i.path.startsWith('node:'),
);
if (!entry || early.length > 0) {
  console.error(`dist/bin.js must import no chunk statically: ${early.map((i) => i.path).join(', ')}`);
  process.exit(1);
}

// The bin as built answers with the package's version: the chunks' relative paths hold.
const version = JSON.parse(readFileSync(join(cli, 'package.json'), 'utf8')).version;
const run = spawnSync(process.execPath, [join(outdir, 'bin.js'), '--version'], { encoding: 'utf8' });
if (run.status !== 0 || run.stdout.trim() !== `trustladder ${version}`) {
  console.error(`the bundled bin is broken: --version printed ${JSON.stringify(run.stdout + run.stderr)}`);
  process.exit(1);
}
console.log(`bundled packages/cli/dist/bin.js (trustladder ${version})`);
