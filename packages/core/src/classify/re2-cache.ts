import { RE2JS } from 're2js';

// RE2 patterns compiled once per process: a policy's content patterns are compiled when the
// policy is checked (compile-policy.ts) and again when the engine prepares it; the default
// policy's took a quarter of a cold start's RE2 time. Bounded, so that a long-running process
// fed many policies does not grow without end. A compiled RE2JS is immutable: sharing it is
// the same as compiling it again.

const MAX_ENTRIES = 4096;
const cache = new Map<string, RE2JS>();

/** RE2JS.compile(pattern), memoised; throws exactly what RE2JS.compile throws. */
export function compileRe2(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = RE2JS.compile(pattern);
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}
