import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POLICY_TEXTS, defaultPolicySource } from '../defaults/index.js';
import { TrustladderError } from '../errors.js';
import { loadApprovalData } from '../wasm/approval-data.js';
import { type ApprovalEvaluator, createApprovalEvaluator } from '../wasm/approval-evaluator.js';
import type { WasmModule } from '../wasm/rego-wasm.js';
import { createWasmClassifier, type WasmClassifier } from '../wasm/wasm-classifier.js';

// Node provides WebAssembly; the ES libraries in tsconfig do not declare it.
declare const WebAssembly: { compile(bytes: ArrayBufferView): Promise<WasmModule> };

// The WebAssembly module built from policies/rego ships inside the package, beside dist/ and
// src/ (package.json "files": "wasm"), so both the sources and the build find it at the same
// relative place.
export const TRUSTLADDER_WASM_PATH = fileURLToPath(new URL('../../wasm/trustladder.wasm', import.meta.url));

let compiled: Promise<WasmModule> | undefined;

/** The shipped module, read and compiled once per process; each evaluator gets its own instance. */
export function loadTrustladderWasm(): Promise<WasmModule> {
  compiled ??= (async () => {
    let bytes: Buffer;
    try {
      bytes = await readFile(TRUSTLADDER_WASM_PATH);
    } catch (e) {
      throw new TrustladderError(
        'WASM_ERROR',
        `cannot read ${TRUSTLADDER_WASM_PATH} (build it with scripts/build-rego-wasm.sh): ${(e as Error).message}`,
        { cause: e },
      );
    }
    try {
      return await WebAssembly.compile(bytes);
    } catch (e) {
      throw new TrustladderError('WASM_ERROR', `${TRUSTLADDER_WASM_PATH} is not a WebAssembly module`, {
        cause: e,
      });
    }
  })();
  compiled.catch(() => {
    compiled = undefined; // a failure is not cached: the next call tries again
  });
  return compiled;
}

/** The Rego blast-radius classifier, from the shipped WebAssembly module. */
export async function loadWasmClassifier(): Promise<WasmClassifier> {
  return createWasmClassifier(await loadTrustladderWasm());
}

/**
 * The remediation approval policy, from the shipped WebAssembly module, with the data of
 * `dataPath` (YAML or JSON, schemas/approval-data.schema.json) or else the default
 * policies/approval-data.yaml. A bad data file throws, naming the file and the JSON pointer.
 */
export async function loadApprovalEvaluator(
  dataPath?: string,
  options: { cwd?: string } = {},
): Promise<ApprovalEvaluator> {
  let text: string;
  let source: string;
  if (dataPath === undefined) {
    text = DEFAULT_POLICY_TEXTS['approval-data'];
    source = defaultPolicySource('approval-data');
  } else {
    source = dataPath;
    try {
      text = await readFile(resolve(options.cwd ?? process.cwd(), dataPath), 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
      throw new TrustladderError('INVALID_INPUT', `cannot read ${dataPath}: ${why}`, {
        source: dataPath,
        issues: [{ code: 'unreadable', path: '', message: `cannot read the file: ${why}` }],
        cause: e,
      });
    }
  }
  const data = loadApprovalData(text, { source });
  return createApprovalEvaluator(await loadTrustladderWasm(), data, { source });
}
