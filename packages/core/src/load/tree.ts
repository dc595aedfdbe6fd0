import { type Issue, joinPointer } from '../issues.js';
import { type PointerFrame, pointerOf } from './frame-pointer.js';
import type { DocumentLimits } from './limits.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// A node still to visit, with its parent's frame (pointerOf builds its pointer on demand).
interface Frame extends PointerFrame {
  readonly node: unknown;
  readonly parent: Frame | undefined;
  readonly depth: number;
}

// Walks a parsed document once and refuses what no trustladder document ever needs:
// shared (aliased) collections, keys that could reach an object prototype, non-finite
// numbers, more nodes than the limit, and nesting deeper than the limit (what JSON.parse
// accepts at any depth would crash every recursive reader after it, canonical JSON included).
// Iterative, so depth cannot blow the JS stack.
export function checkTree(root: unknown, limits: DocumentLimits, format: string): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<object>();
  const stack: Frame[] = [{ node: root, parent: undefined, token: '', depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const { node, depth } = frame;
    if (++nodes > limits.maxNodes) {
      issues.push({
        code: 'too_large',
        path: '',
        message: `document has more than ${limits.maxNodes} nodes`,
      });
      break;
    }
    if (typeof node === 'number' && !Number.isFinite(node)) {
      issues.push({ code: 'non_finite_number', path: pointerOf(frame), message: 'numbers must be finite' });
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (seen.has(node)) {
      issues.push({
        code: 'alias',
        path: pointerOf(frame),
        message: `${format} aliases of mappings or sequences are not allowed`,
      });
      continue;
    }
    seen.add(node);
    if (depth >= limits.maxDepth) {
      issues.push({
        code: 'too_deep',
        path: pointerOf(frame),
        message: `nesting is deeper than ${limits.maxDepth} levels`,
      });
      break;
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        stack.push({ node: node[i], parent: frame, token: i, depth: depth + 1 });
      }
      continue;
    }
    for (const key of Object.keys(node)) {
      if (FORBIDDEN_KEYS.has(key)) {
        issues.push({
          code: 'forbidden_key',
          path: joinPointer(pointerOf(frame), key),
          message: `the key "${key}" is not allowed`,
        });
        continue;
      }
      stack.push({
        node: (node as Record<string, unknown>)[key],
        parent: frame,
        token: key,
        depth: depth + 1,
      });
    }
  }
  return issues;
}
