import { fc, test } from '@fast-check/vitest';
import { describe, expect, vi } from 'vitest';
import { escapePointerToken } from '../issues.js';
import { parseJson } from './json.js';
import { scanJsonPositions } from './json-positions.js';
import { DocumentPositions } from './positions.js';
import { checkTree } from './tree.js';

// A large change's JSON pointers and positions are built only when an issue needs them
// (issue 16: building them for every value cost more memory than the document). These
// properties hold the on-demand versions equal to building everything up front.

const numRuns = Number(process.env.TRUSTLADDER_PROP_RUNS ?? 300);
const seed = Number(process.env.TRUSTLADDER_PROP_SEED ?? 20261130);
const LIMITS = { maxBytes: 1 << 20, maxNodes: 100_000, maxDepth: 64 };

// Every container and member of a tree, with the pointer of each, in document order.
function* members(node: unknown, path = ''): Generator<{ parent: object; token: string; path: string }> {
  if (node === null || typeof node !== 'object') return;
  for (const [token, child] of Object.entries(node)) {
    const at = `${path}/${escapePointerToken(token)}`;
    yield { parent: node, token, path: at };
    yield* members(child, at);
  }
}

describe('positions recorded on first read', () => {
  test.prop([fc.jsonValue({ maxDepth: 6 }), fc.boolean()], { numRuns, seed })(
    'equal the positions an eager scan of the same text records, for every container and member',
    (value, pretty) => {
      const text = JSON.stringify(value, null, pretty ? 2 : undefined);
      const parsed = parseJson(text, LIMITS);
      if (!parsed.ok) return; // a key that reaches a prototype: refused, nothing to position
      const root = parsed.value.value;
      const eager = new DocumentPositions();
      scanJsonPositions(text, root, eager);
      const deferred = parsed.value.positions as DocumentPositions;
      if (root !== null && typeof root === 'object') expect(deferred.get(root)).toEqual(eager.get(root));
      for (const { parent, token } of members(root)) {
        expect(deferred.children.get(parent)?.get(token)).toEqual(eager.children.get(parent)?.get(token));
        const child = (parent as Record<string, unknown>)[token];
        if (child !== null && typeof child === 'object')
          expect(deferred.get(child)).toEqual(eager.get(child));
      }
    },
  );

  test('are recorded once, on the first read, and never for a document no issue asks about', () => {
    const fill = vi.fn((into: DocumentPositions) => into.set(key, { line: 1, column: 1 }));
    const key = {};
    const positions = DocumentPositions.deferred(fill);
    positions.setChild(key, 'x', { line: 2, column: 3 }); // a loader's own write does not fill
    expect(fill).not.toHaveBeenCalled();
    expect(positions.has(key)).toBe(true);
    expect(positions.get(key)).toEqual({ line: 1, column: 1 });
    expect(positions.children.get(key)?.get('x')).toEqual({ line: 2, column: 3 });
    expect(fill).toHaveBeenCalledTimes(1);
  });

  test('children alone also fill them', () => {
    const key = {};
    const positions = DocumentPositions.deferred((into) => into.setChild(key, 'a', { line: 4, column: 5 }));
    expect(positions.children.get(key)?.get('a')).toEqual({ line: 4, column: 5 });
  });
});

describe('tree issues name their pointer on demand', () => {
  // A value with a forbidden key or a non-finite number at a random place: the issue's
  // pointer is the place's, whatever the depth, arrays and escaped tokens on the way.
  const token = fc.oneof(fc.string({ maxLength: 6 }), fc.nat({ max: 3 }));
  test.prop([fc.array(token, { maxLength: 8 }), fc.constantFrom('number', 'key')], { numRuns, seed })(
    'at its own JSON pointer, at any depth',
    (tokens, kind) => {
      const leaf = kind === 'number' ? Number.POSITIVE_INFINITY : JSON.parse('{"__proto__": 1}');
      let value: unknown = leaf;
      for (const t of [...tokens].reverse()) {
        if (typeof t === 'number') {
          const array: unknown[] = Array.from({ length: t + 1 }, () => 0);
          array[t] = value;
          value = array;
        } else value = { [t]: value };
      }
      if (tokens.some((t) => typeof t === 'string' && ['__proto__', 'constructor', 'prototype'].includes(t)))
        return;
      const path = tokens.map((t) => `/${escapePointerToken(t)}`).join('');
      const issues = checkTree(value, LIMITS, 'JSON');
      expect(issues).toEqual([
        kind === 'number'
          ? { code: 'non_finite_number', path, message: 'numbers must be finite' }
          : {
              code: 'forbidden_key',
              path: `${path}/__proto__`,
              message: 'the key "__proto__" is not allowed',
            },
      ]);
    },
  );

  test('an alias and a too-deep node are named at their own pointer', () => {
    const shared = { x: 1 };
    // Depth first from the last key: the array's member is met first, `a` second.
    expect(checkTree({ a: shared, b: [0, shared] }, LIMITS, 'YAML').map((i) => i.path)).toEqual(['/a']);
    expect(checkTree({ a: [{ b: [[1]] }] }, { ...LIMITS, maxDepth: 4 }, 'JSON')).toEqual([
      expect.objectContaining({ code: 'too_deep', path: '/a/0/b/0' }),
    ]);
  });
});
