import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { TrustladderError } from '../errors.js';
import { HeapAppetite, type HeapExports, reserveHeap } from './heap-reserve.js';

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
function jsonText(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new TrustladderError('INVALID_INPUT', `${what} is not JSON: ${(e as Error).message}`, {
      issues: [{ code: 'not_json', path: '', message: `not JSON: ${(e as Error).message}` }],
      cause: e,
    });
  }
  return text ?? 'null';
}

function utf8(text: string): ArrayBuffer {
  const bytes = encoder.encode(text);
  return bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// The fields of the SDK's LoadedPolicy that its own ABI 1.2 `evaluate` uses (opa-wasm 1.10,
// pinned in package.json): read, never written.
interface SdkPolicy {
  readonly minorVersion?: unknown;
  readonly mem?: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly wasmInstance?: { readonly exports?: Record<string, unknown> };
  readonly dataAddr?: unknown;
  readonly dataHeapPtr?: unknown;
  readonly entrypoints?: unknown;
}

type Evaluate = (entrypoint: string, json: string) => unknown;

// The SDK's evaluate without its copies (issue 16: the wrapper was a third of an approval's
// time): the input's JSON text is encoded straight into the instance's memory above the data,
// the `opa_eval` export is called as the SDK calls it, and the result is found with a native
// search for its closing NUL and decoded by one shared decoder. A large input first gets its
// heap reserved in one memory grow (heap-reserve.ts), unless `reserve` is false. When the SDK's
// fields are not what this expects (another SDK version), it is not used: the SDK's evaluate
// is. The property tests check both give the same results.
function directEvaluate(policy: LoadedPolicy, reserve: boolean): Evaluate | null {
  const sdk = policy as unknown as SdkPolicy;
  const exports = sdk.wasmInstance?.exports;
  const opaEval = exports?.opa_eval;
  const mem = sdk.mem;
  const entrypoints = sdk.entrypoints as Record<string, unknown> | undefined;
  if (typeof opaEval !== 'function' || typeof sdk.minorVersion !== 'number' || sdk.minorVersion < 2)
    return null;
  if (mem === undefined || typeof entrypoints !== 'object' || entrypoints === null) return null;
  const heap = reserve ? heapExports(exports) : null;
  const appetite = new HeapAppetite();
  return (entrypoint, json) => {
    const id = entrypoints[entrypoint];
    if (typeof id !== 'number') throw `entrypoint ${entrypoint} is not valid in this instance`;
    // Read on every call: setData moves both.
    const dataAddr = sdk.dataAddr;
    const at = sdk.dataHeapPtr;
    if (typeof dataAddr !== 'number' || typeof at !== 'number') throw 'the policy data is not loaded';
    const short = at + json.length * 3 - mem.buffer.byteLength; // UTF-8: at most 3 bytes a unit
    if (short > 0) mem.grow(Math.ceil(short / 65536));
    const { written } = encoder.encodeInto(json, new Uint8Array(mem.buffer, at));
    const reserved = heap
      ? reserveHeap(heap, mem.buffer.byteLength, at + written, appetite.need(written))
      : 0;
    const result = (opaEval as (...args: number[]) => number)(0, id, dataAddr, at, written, at + written, 0);
    if (heap && reserved > 0) appetite.observe(written, heap.opa_heap_ptr_get() - (at + written));
    const bytes = new Uint8Array(mem.buffer); // after the call: evaluation may grow the memory
    const end = bytes.indexOf(0, result);
    if (end < 0) throw 'the result is not terminated';
    return JSON.parse(decoder.decode(bytes.subarray(result, end)));
  };
}

// The allocator's exports, when the module has all three (every OPA ABI 1.2 module does).
function heapExports(exports: Record<string, unknown> | undefined): HeapExports | null {
  const e = exports ?? {};
  const fns = [e.opa_heap_ptr_set, e.opa_heap_ptr_get, e.opa_malloc];
  return fns.every((f) => typeof f === 'function') ? (e as unknown as HeapExports) : null;
}

/**
 * Instantiates a Rego WebAssembly module (one instance, loaded once) and checks that it has
 * every entrypoint the caller needs. Throws WASM_ERROR when it cannot.
 */
export async function instantiateRegoWasm(
  source: RegoWasmSource,
  required: readonly string[],
  options: { readonly direct?: boolean; readonly reserveHeap?: boolean } = {},
): Promise<RegoWasm> {
  let policy: LoadedPolicy;
  try {
    // The SDK (and the YAML library its builtins load) is imported here, not with core: a
    // classification that uses no WebAssembly never evaluates it (issue 16's cold start).
    const { loadPolicy } = await import('@open-policy-agent/opa-wasm');
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
  // `direct: false` keeps the SDK's evaluate (the reference the direct path is tested against);
  // `reserveHeap: false` the direct path without the heap reservation (ditto).
  const direct = options.direct === false ? null : directEvaluate(policy, options.reserveHeap !== false);
  return {
    entrypoints,
    setData(data) {
      const bytes = utf8(jsonText(data, 'the policy data'));
      try {
        policy.setData(bytes);
      } catch (e) {
        throw toWasmError('cannot set the policy data', e);
      }
    },
    evaluate(entrypoint, input) {
      const json = jsonText(input, 'the input');
      let results: unknown;
      try {
        results = direct ? direct(entrypoint, json) : policy.evaluate(utf8(json), entrypoint);
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
