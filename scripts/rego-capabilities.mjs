#!/usr/bin/env node
// Writes policies/rego/capabilities.json: the capabilities of the pinned OPA
// (`opa capabilities --current`) filtered to the built-ins that a policy compiled with
// `opa build -t wasm` can actually run in Node through @open-policy-agent/opa-wasm.
//
// Why a filter: a built-in that the Wasm runtime lacks compiles fine and fails only at
// evaluation, in production. `opa check --strict --capabilities` and `opa build
// --capabilities` with this file turn that into a build error.
//
// How: rather than copying a list out of OPA's source, it asks the pinned OPA. It compiles a
// probe module that calls every built-in to Wasm and reads the module's `builtins()` export,
// which lists the built-ins the module expects its host to provide. Everything else is native
// to the Wasm runtime. Host-provided built-ins are kept only when the JS SDK implements them
// faithfully (see DIVERGENT below).
//
// Usage: node scripts/rego-capabilities.mjs [--out FILE] [--check]
//   --check  exit 1 when FILE differs from what would be written (CI drift check)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(ROOT, 'policies/rego/capabilities.json') },
    check: { type: 'boolean', default: false },
  },
  strict: true,
});

// Built-ins the SDK implements in JavaScript, but not as OPA's Go evaluator does: the same
// policy would answer differently in `opa eval` and in Wasm, so no policy may use them.
const DIVERGENT = new Map([
  ['sprintf', 'sprintf-js: mangles non-scalar arguments and formats numbers differently'],
  ['regex.split', 'JavaScript RegExp, not RE2: other syntax and semantics'],
  ['yaml.marshal', 'the `yaml` npm package formats YAML differently from Go'],
]);

// Unification and assignment are planned by the compiler itself, never called.
const PLANNED = new Set(['eq', 'assign']);

// Internal built-ins cannot be called by name; these are reached through syntax, so the probe
// uses the syntax. The rest (internal.test_case) only exist for `opa test`.
const SYNTAX = new Map([
  ['internal.member_2', 'p_member_2 if input.a0 in input.a1'],
  ['internal.member_3', 'p_member_3 if input.a0, input.a1 in input.a2'],
  ['internal.print', 'p_print if print(input.a0)'],
  ['internal.template_string', 'p_template := $"{input.a0}"'],
]);

function opa(args) {
  return execFileSync('opa', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

// The names of the built-ins that the host must provide to a Wasm module, read from the
// module's own `builtins()` export.
async function externalBuiltins(wasmBytes) {
  const memory = new WebAssembly.Memory({ initial: 5 });
  const stub = () => {
    throw new Error('the probe module is never evaluated');
  };
  const { instance } = await WebAssembly.instantiate(wasmBytes, {
    env: {
      memory,
      opa_abort: stub,
      opa_println: stub,
      opa_builtin0: stub,
      opa_builtin1: stub,
      opa_builtin2: stub,
      opa_builtin3: stub,
      opa_builtin4: stub,
    },
  });
  const exports = instance.exports;
  const address = exports.opa_json_dump(exports.builtins());
  const bytes = new Uint8Array(memory.buffer);
  let end = address;
  while (bytes[end] !== 0) end++;
  return Object.keys(JSON.parse(new TextDecoder().decode(bytes.subarray(address, end))));
}

function sdkBuiltins() {
  const require = createRequire(join(ROOT, 'packages/core/package.json'));
  const main = require.resolve('@open-policy-agent/opa-wasm');
  return Object.keys(require(join(dirname(main), 'builtins/index.js')));
}

async function main() {
  const current = JSON.parse(opa(['capabilities', '--current']));
  // Deprecated built-ins are refused by Rego v1 anyway (opa check --strict); drop them.
  const live = current.builtins.filter((b) => b.deprecated !== true);
  const callable = live.filter((b) => !PLANNED.has(b.name) && !b.name.startsWith('internal.'));
  const reachable = live.filter((b) => SYNTAX.has(b.name));
  const rules = callable.map((b, i) => {
    const args = (b.decl?.args ?? []).map((_, j) => `input.a${j}`).join(', ');
    // A built-in without a result (print) is called as a statement.
    return b.decl?.result === undefined ? `r${i} if ${b.name}(${args})` : `r${i} := ${b.name}(${args})`;
  });
  const dir = mkdtempSync(join(tmpdir(), 'trustladder-capabilities-'));
  try {
    const probes = [...rules, ...reachable.map((b) => SYNTAX.get(b.name))];
    writeFileSync(join(dir, 'probe.rego'), `package probe\n\n${probes.join('\n\n')}\n`);
    const out = join(dir, 'bundle.tar.gz');
    opa(['build', '-t', 'wasm', '-e', 'probe', '-o', out, join(dir, 'probe.rego')]);
    execFileSync('tar', ['-xzf', out, '-C', dir, '/policy.wasm'], { stdio: 'pipe' });
    const external = new Set(await externalBuiltins(readFileSync(join(dir, 'policy.wasm'))));
    const provided = new Set(sdkBuiltins().filter((name) => !DIVERGENT.has(name)));
    const probed = new Set([...callable, ...reachable].map((b) => b.name));
    const keep = live.filter(
      (b) => PLANNED.has(b.name) || (probed.has(b.name) && (!external.has(b.name) || provided.has(b.name))),
    );
    const capabilities = {
      ...current,
      builtins: keep,
      // The ABI versions the SDK (1.10) loads; `opa build -t wasm` emits 1.2.
      wasm_abi_versions: [
        { version: 1, minor_version: 1 },
        { version: 1, minor_version: 2 },
      ],
    };
    // Compared as JSON, not as text: the committed file is formatted by Biome like every
    // JSON file of the repository (scripts/test.sh runs `biome check .`).
    if (values.check) {
      let old;
      try {
        old = JSON.parse(readFileSync(values.out, 'utf8'));
      } catch {}
      if (!isDeepStrictEqual(old, capabilities)) {
        process.stderr.write(`${values.out} is stale: run node scripts/rego-capabilities.mjs\n`);
        process.exit(1);
      }
      process.stdout.write(
        `${values.out} is current (${keep.length} of ${current.builtins.length} built-ins)\n`,
      );
      return;
    }
    writeFileSync(values.out, `${JSON.stringify(capabilities, null, 2)}\n`);
    execFileSync(join(ROOT, 'node_modules/.bin/biome'), ['format', '--write', values.out], { stdio: 'pipe' });
    process.stdout.write(`wrote ${values.out}: ${keep.length} of ${current.builtins.length} built-ins\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
