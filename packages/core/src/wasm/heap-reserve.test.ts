import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { describe, expect, it } from 'vitest';
import { loadTrustladderWasm } from '../node/wasm.js';
import {
  HeapAppetite,
  type HeapExports,
  RESERVE_MAX_TOTAL_BYTES,
  RESERVE_MIN_BYTES,
  reserveHeap,
} from './heap-reserve.js';

// The reservation on the shipped module's real allocator: one grow that covers the request,
// the heap pointer handed back where it was asked to be, nothing done when it is not worth it
// or could not be granted.
async function instance(): Promise<{ exports: HeapExports; memory: () => number; from: number }> {
  const policy = await loadPolicy((await loadTrustladderWasm()) as Parameters<typeof loadPolicy>[0]);
  const sdk = policy as unknown as {
    wasmInstance: { exports: HeapExports };
    mem: { buffer: ArrayBuffer };
    dataHeapPtr: number;
  };
  return {
    exports: sdk.wasmInstance.exports,
    memory: () => sdk.mem.buffer.byteLength,
    from: sdk.dataHeapPtr,
  };
}

describe('reserveHeap', () => {
  it('grows the memory once to cover the request and leaves the heap pointer at its start', async () => {
    const { exports, memory, from } = await instance();
    const before = memory();
    const bytes = 3 * RESERVE_MIN_BYTES;
    expect(reserveHeap(exports, before, from, bytes)).toBe(bytes);
    expect(memory()).toBeGreaterThanOrEqual(from + bytes);
    expect(exports.opa_heap_ptr_get()).toBe(from);
    // The allocator now knows the room is there: the same request grows nothing.
    const after = memory();
    reserveHeap(exports, after, from, bytes);
    expect(memory()).toBe(after);
  });

  it('reserves nothing for a request below the minimum', async () => {
    const { exports, memory, from } = await instance();
    const before = memory();
    expect(reserveHeap(exports, before, from, RESERVE_MIN_BYTES - 1)).toBe(0);
    expect(memory()).toBe(before);
  });

  it('never takes the memory past its cap, so the grow it causes cannot fail', async () => {
    const { exports, from } = await instance();
    // As if the memory were this close to the cap: only what is left below it is reserved.
    const left = 2 * RESERVE_MIN_BYTES;
    const near = RESERVE_MAX_TOTAL_BYTES - 2 * 65536 - left;
    expect(reserveHeap(exports, near, from, 10 * RESERVE_MAX_TOTAL_BYTES)).toBe(left);
    expect(reserveHeap(exports, near + left, from, 10 * RESERVE_MIN_BYTES)).toBe(0);
  });
});

describe('HeapAppetite', () => {
  it('asks for the default ratio first, then for the most an evaluation used', () => {
    const appetite = new HeapAppetite();
    expect(appetite.need(1000)).toBe(256_000);
    appetite.observe(1000, 100_000); // less than asked: unchanged
    expect(appetite.need(1000)).toBe(256_000);
    appetite.observe(1000, 512_000);
    expect(appetite.need(2000)).toBe(1_024_000);
  });
});
