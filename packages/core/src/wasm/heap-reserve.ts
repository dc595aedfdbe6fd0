// Reserving an OPA WebAssembly instance's heap in one memory grow before a large evaluation
// (issue 16: `classify --engine wasm` grew faster than the change).
//
// OPA's allocator (wasm/src/malloc.c, OPA v1.21.1) grows the memory by the block it lacks,
// rounded up to a page, whenever its heap pointer passes its own heap top: a page at a time for
// an evaluation that allocates small values. V8 makes each memory.grow past ~64 MiB cost about a
// millisecond (measured on Node 24: 1,000 one-page grows take 1 ms of CPU below 64 MiB, 2,000
// take 1 s, 4,000 take 2.4 s; one grow of 4,000 pages takes 2 ms). A 10k-file classification
// under the default policy allocates ~150 bytes of heap per byte of input, ~300 MB: thousands of
// grows, a cost quadratic in the change. Allocating the expected need once with `opa_malloc`
// raises the allocator's heap top in one grow; `opa_eval`'s heap pointer argument then hands the
// whole block back to the evaluation. Only where the heap top lies changes, never a value.

/** The exports of an OPA module (ABI 1.2) that a reservation uses. */
export interface HeapExports {
  opa_heap_ptr_set(ptr: number): void;
  opa_heap_ptr_get(): number;
  opa_malloc(size: number): number;
}

const PAGE = 65536;
// Below this, grows are cheap (see above) and a reservation is not worth its calls.
export const RESERVE_MIN_BYTES = 16 * 1024 * 1024;
// A reservation never takes the memory past 1 GiB (a quarter of wasm32's 4 GiB), so the one
// grow it causes does not fail: the allocator raises its heap top even when memory.grow fails,
// and the evaluation would then trap (WASM_ERROR) on memory it believes it has. Past the cap,
// the evaluation grows page by page as it would without a reservation.
export const RESERVE_MAX_TOTAL_BYTES = 1024 * 1024 * 1024;
// The default policy allocates ~150 heap bytes per input byte (measured at 1k to 10k files);
// the first guess allows for more, and each instance learns from what it used.
export const DEFAULT_HEAP_PER_INPUT_BYTE = 256;

/**
 * Makes sure the allocator can hand out `bytes` above `from` (the end of the input) without
 * growing the memory page by page. Returns the bytes reserved (0 when none were needed or
 * allowed). Leaves the heap pointer at `from`, the free lists empty.
 */
export function reserveHeap(exports: HeapExports, memoryBytes: number, from: number, bytes: number): number {
  const room = Math.min(bytes, RESERVE_MAX_TOTAL_BYTES - memoryBytes - 2 * PAGE);
  if (room < RESERVE_MIN_BYTES) return 0;
  exports.opa_heap_ptr_set(from);
  exports.opa_malloc(room); // grows only when the heap top lies below from + room
  exports.opa_heap_ptr_set(from);
  return room;
}

/** What an instance learns about its policy's appetite: the most heap per input byte seen. */
export class HeapAppetite {
  #perByte = DEFAULT_HEAP_PER_INPUT_BYTE;

  /** The heap to reserve for an input of `inputBytes`. */
  need(inputBytes: number): number {
    return Math.ceil(inputBytes * this.#perByte);
  }

  /** Records what an evaluation of `inputBytes` used (heap pointer after it, minus its start). */
  observe(inputBytes: number, used: number): void {
    if (inputBytes > 0 && used > this.need(inputBytes)) this.#perByte = used / inputBytes;
  }
}
