import { type LoadedPolicy, loadPolicy } from '@open-policy-agent/opa-wasm';
import { TrustladderError } from '../errors.js';

/**
 * A compiled `WebAssembly.Module` (opaque here: the ES libraries this package compiles against
 * leave the WebAssembly namespace undeclared).
 */
export interface WasmModule {
  readonly __wasmModule?: never;
}

/** An OPA WebAssembly module (`opa build -t wasm`), compiled or as bytes. */
export type RegoWasmSource = ArrayBuffer | ArrayBufferView | WasmModule;

/** One instance of a Rego policy compiled to WebAssembly, with its own memory and data. */
export interface RegoWasm {
  readonly entrypoints: readonly string[];
  /** Replaces the policy's data document. */
  setData(data: unknown): void;
  /** The entrypoint's value for this input, or undefined when the policy leaves it undefined. */
  evaluate(entrypoint: string, input: unknown): unknown;
}

// The OPA SDK reports failures as bare strings (opa_abort, bad entrypoint, JSON it cannot
// parse), as plain `{ message }` objects (a built-in the module needs but the host lacks), and
// as WebAssembly.RuntimeError (a trap). Every one becomes a WASM_ERROR with the original as cause.
export function toWasmError(what: string, e: unknown): TrustladderError {
  if (e instanceof TrustladderError) return e;
  let detail: string;
  if (typeof e === 'string') detail = e;
  else if (e instanceof Error) detail = e.message;
  else if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string')
    detail = (e as { message: string }).message;
  else detail = String(e);
  return new TrustladderError('WASM_ERROR', `${what}: ${detail}`, { cause: e });
}

// The input goes to the module as JSON text, never as a JS value: the SDK treats a falsy
// input (null, false, 0, "") as no input at all, which a policy sees as undefined rather than
// as the value OPA's Go evaluator would see. Text always arrives as the value it encodes.
function jsonBytes(value: unknown, what: string): ArrayBuffer {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new TrustladderError('INVALID_INPUT', `${what} is not JSON: ${(e as Error).message}`, {
      issues: [{ code: 'not_json', path: '', message: `not JSON: ${(e as Error).message}` }],
      cause: e,
    });
  }
  const bytes = new TextEncoder().encode(text ?? 'null');
  return bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
}

/**
 * Instantiates a Rego WebAssembly module (one instance, loaded once) and checks that it has
 * every entrypoint the caller needs. Throws WASM_ERROR when it cannot.
 */
export async function instantiateRegoWasm(
  source: RegoWasmSource,
  required: readonly string[],
): Promise<RegoWasm> {
  let policy: LoadedPolicy;
  try {
    policy = await loadPolicy(source as Parameters<typeof loadPolicy>[0]);
  } catch (e) {
    throw toWasmError('cannot load the WebAssembly policy', e);
  }
  const entrypoints = Object.keys((policy.entrypoints ?? {}) as Record<string, number>);
  const missing = required.filter((name) => !entrypoints.includes(name));
  if (missing.length > 0) {
    throw new TrustladderError(
      'WASM_ERROR',
      `the WebAssembly policy lacks the entrypoint(s) ${missing.join(', ')} (it has: ${entrypoints.join(', ') || 'none'})`,
    );
  }
  return {
    entrypoints,
    setData(data) {
      const bytes = jsonBytes(data, 'the policy data');
      try {
        policy.setData(bytes);
      } catch (e) {
        throw toWasmError('cannot set the policy data', e);
      }
    },
    evaluate(entrypoint, input) {
      const bytes = jsonBytes(input, 'the input');
      let results: unknown;
      try {
        results = policy.evaluate(bytes, entrypoint);
      } catch (e) {
        throw toWasmError(`evaluating ${entrypoint} failed`, e);
      }
      if (!Array.isArray(results)) {
        throw new TrustladderError('WASM_ERROR', `evaluating ${entrypoint} returned no result set`);
      }
      const first = results[0] as { result?: unknown } | undefined;
      return first?.result;
    },
  };
}
