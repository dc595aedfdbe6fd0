import { describe, expect, test } from 'vitest';
import { parseJson } from './json.js';
import { DEFAULT_DOCUMENT_LIMITS } from './limits.js';
import { parseYaml } from './yaml.js';

const issues = (r: ReturnType<typeof parseJson>) => (r.ok ? [] : r.issues);
const codes = (r: ReturnType<typeof parseJson>) => issues(r).map((i) => i.code);

describe('the strict JSON reader', () => {
  test('refuses a duplicate key, naming its pointer, line and column', () => {
    const r = parseJson('{\n  "taskId": "other",\n  "taskId": "mine"\n}');
    expect(issues(r)).toEqual([
      expect.objectContaining({ code: 'duplicate_key', path: '/taskId', position: { line: 3, column: 3 } }),
    ]);
  });

  test('compares keys after unescaping, at any depth, and in arrays of objects', () => {
    expect(issues(parseJson('{"a": {"taskId": 1, "task\\u0049d": 2}}'))).toEqual([
      expect.objectContaining({ code: 'duplicate_key', path: '/a/taskId' }),
    ]);
    expect(issues(parseJson('{"p": [{"x": 1}, {"y": 1, "k": "a,\\"{", "y": 2}]}'))).toEqual([
      expect.objectContaining({ code: 'duplicate_key', path: '/p/1/y' }),
    ]);
    expect(issues(parseJson('{"a~b/c": {}, "a~b/c": 1}'))).toEqual([
      expect.objectContaining({ path: '/a~0b~1c' }),
    ]);
  });

  test('accepts equal keys in different objects, and strings that look like keys', () => {
    expect(
      parseJson('{"a": {"k": 1}, "b": {"k": 1}, "c": ["k", "k"], "d": "{\\"k\\":1,\\"k\\":2}"}').ok,
    ).toBe(true);
  });

  test('refuses a byte-order mark instead of stripping it', () => {
    expect(codes(parseJson('\ufeff{"a": 1}'))).toEqual(['byte_order_mark']);
    expect(parseYaml('\ufeffa: 1\n').ok).toBe(false);
  });

  test('bounds nesting depth: a 50,000-deep statement and a 100,000-deep change are refused, not crashed on', () => {
    for (const depth of [50_000, 100_000]) {
      const r = parseJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
      expect(codes(r)).toEqual(['too_deep']);
    }
    expect(codes(parseJson(`${'['.repeat(65)}${']'.repeat(65)}`))).toEqual(['too_deep']);
    expect(
      parseJson(
        `${'['.repeat(DEFAULT_DOCUMENT_LIMITS.maxDepth)}${']'.repeat(DEFAULT_DOCUMENT_LIMITS.maxDepth)}`,
      ).ok,
    ).toBe(true);
  });
});
