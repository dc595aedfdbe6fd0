import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBlastRadiusPolicy } from '../classify/compile-policy.js';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { TrustladderError } from '../errors.js';
import type { ChangeFile } from '../schemas/input-types/index.js';
import { createApprovalEvaluator } from './approval-evaluator.js';
import { APPROVAL_ENTRYPOINT, CLASSIFY_ENTRYPOINT } from './entrypoints.js';
import { instantiateRegoWasm, toWasmError } from './rego-wasm.js';
import { createWasmClassifier } from './wasm-classifier.js';

// The module's answers are checked, not trusted, and every way the SDK fails (a thrown string,
// a `{ message }` object, a trap) becomes a TrustladderError WASM_ERROR. Rogue modules with
// the real entrypoint names are built here with the pinned OPA.

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const OPA = existsSync(join(ROOT, '.tools/bin/opa')) ? join(ROOT, '.tools/bin/opa') : 'opa';
const DATA = {
  productionEnvironments: ['production'],
  sensitiveKinds: [],
  confidenceThreshold: 0.8,
  trustedProductionWorkflows: [],
};

let dir: string;
function build(name: string, rego: string, entrypoints: readonly string[]): Uint8Array {
  const file = join(dir, `${name}.rego`);
  writeFileSync(file, rego);
  const out = join(dir, `${name}.tar.gz`);
  execFileSync(OPA, ['build', '-t', 'wasm', ...entrypoints.flatMap((e) => ['-e', e]), '-o', out, file]);
  execFileSync('tar', ['-xzf', out, '-C', dir, '/policy.wasm'], { stdio: 'pipe' });
  return readFileSync(join(dir, 'policy.wasm'));
}

let rogue: Uint8Array;
let conflicting: Uint8Array;
let approvalOnly: Uint8Array;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trustladder-rogue-'));
  // Answers by the number of files: none -> a tier that does not exist, one -> a match of the
  // wrong shape, more -> no classification at all.
  rogue = build(
    'rogue',
    `package trustladder.blast_radius

classification := {"tier": "T9", "defaulted": false, "ambiguous": false, "matches": []} if count(input.files) == 0

classification := {"tier": "T1", "defaulted": true, "ambiguous": false, "matches": [{"rule": 1}]} if {
	count(input.files) == 1
}
`,
    [CLASSIFY_ENTRYPOINT],
  );
  approvalOnly = build(
    'approval-only',
    'package trustladder.approval\n\ndecision := {"require_approval": false, "reasons": ["contradiction"]}\n',
    [APPROVAL_ENTRYPOINT],
  );
  // Two complete definitions with different values: a conflict the runtime aborts on.
  conflicting = build(
    'conflicting',
    'package trustladder.approval\n\ndecision := 1 if input.a\n\ndecision := 2 if input.b\n',
    [APPROVAL_ENTRYPOINT],
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof TrustladderError ? e.code : `not a TrustladderError: ${String(e)}`;
  }
  return undefined;
};

const codeAsync = async (f: () => Promise<unknown>): Promise<string | undefined> => {
  try {
    await f();
  } catch (e) {
    return e instanceof TrustladderError ? e.code : `not a TrustladderError: ${String(e)}`;
  }
  return undefined;
};

describe('instantiateRegoWasm', () => {
  it('refuses bytes that are not a WebAssembly module', async () => {
    expect(await codeAsync(() => instantiateRegoWasm(new Uint8Array([0, 97, 115, 109, 9]), []))).toBe(
      'WASM_ERROR',
    );
  });

  it('refuses a module without the entrypoints asked for', async () => {
    expect(await codeAsync(() => instantiateRegoWasm(approvalOnly, [CLASSIFY_ENTRYPOINT]))).toBe(
      'WASM_ERROR',
    );
    expect(await codeAsync(() => createWasmClassifier(approvalOnly))).toBe('WASM_ERROR');
  });

  it('turns a runtime abort (a thrown string) into WASM_ERROR', async () => {
    const wasm = await instantiateRegoWasm(conflicting, [APPROVAL_ENTRYPOINT]);
    expect(wasm.evaluate(APPROVAL_ENTRYPOINT, { a: true })).toBe(1);
    expect(code(() => wasm.evaluate(APPROVAL_ENTRYPOINT, { a: true, b: true }))).toBe('WASM_ERROR');
  });

  it('refuses an input that is not JSON with INVALID_INPUT', async () => {
    const wasm = await instantiateRegoWasm(conflicting, [APPROVAL_ENTRYPOINT]);
    expect(code(() => wasm.evaluate(APPROVAL_ENTRYPOINT, { big: 1n }))).toBe('INVALID_INPUT');
  });

  it('returns undefined when the entrypoint is undefined', async () => {
    const wasm = await instantiateRegoWasm(conflicting, [APPROVAL_ENTRYPOINT]);
    expect(wasm.evaluate(APPROVAL_ENTRYPOINT, {})).toBeUndefined();
  });
});

describe('toWasmError', () => {
  it.each([
    ['a bare string', 'i < max_size()'],
    ['a { message } object', { message: 'not implemented: built-in function 3: time.now_ns' }],
    ['an Error', new Error('unreachable')],
    ['anything else', 42],
  ])('wraps %s with the original as cause', (_, thrown) => {
    const e = toWasmError('evaluating', thrown);
    expect(e).toBeInstanceOf(TrustladderError);
    expect(e.code).toBe('WASM_ERROR');
    expect(e.cause).toBe(thrown);
  });

  it('passes a TrustladderError through', () => {
    const original = new TrustladderError('INVALID_INPUT', 'x');
    expect(toWasmError('evaluating', original)).toBe(original);
  });
});

describe('results of the wrong shape', () => {
  const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
  const file = (path: string): ChangeFile => ({ path, status: 'added' });

  it('a tier that is not T0..T3 is WASM_ERROR', async () => {
    const classifier = await createWasmClassifier(rogue);
    expect(code(() => classifier.classify(policy, { files: [] }))).toBe('WASM_ERROR');
  });

  it('a match of the wrong shape is WASM_ERROR', async () => {
    const classifier = await createWasmClassifier(rogue);
    expect(code(() => classifier.classify(policy, { files: [file('a.ts')] }))).toBe('WASM_ERROR');
  });

  it('no classification is WASM_ERROR, never a default tier', async () => {
    const classifier = await createWasmClassifier(rogue);
    expect(code(() => classifier.classify(policy, { files: [file('a.ts'), file('b.ts')] }))).toBe(
      'WASM_ERROR',
    );
  });

  it('an approval that says no with a reason is WASM_ERROR', async () => {
    const evaluator = await createApprovalEvaluator(approvalOnly, DATA);
    expect(code(() => evaluator.evaluate({ environment: 'staging' }))).toBe('WASM_ERROR');
  });
});
