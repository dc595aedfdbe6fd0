import type { Truth } from './compiled.types.js';

// Three-valued (Kleene) logic: unknown is neither true nor false, and stays unknown unless
// the other operand decides the result.

export function and(a: Truth, b: Truth): Truth {
  if (a === 'false' || b === 'false') return 'false';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'true';
}

export function or(a: Truth, b: Truth): Truth {
  if (a === 'true' || b === 'true') return 'true';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'false';
}

export function not(a: Truth): Truth {
  return a === 'true' ? 'false' : a === 'false' ? 'true' : 'unknown';
}

export function truth(value: boolean): Truth {
  return value ? 'true' : 'false';
}
