import { describe, expect, test } from 'vitest';
import { parseJson } from './json.js';
import { DEFAULT_DOCUMENT_LIMITS } from './limits.js';
import { parseYaml } from './yaml.js';

const codes = (r: { ok: boolean; issues?: readonly { code: string }[] }) =>
  r.ok ? [] : (r.issues ?? []).map((i) => i.code);

describe('parseYaml', () => {
  test('parses the YAML 1.2 core schema: yes stays a string, dates stay strings', () => {
    const r = parseYaml('a: yes\nb: 2026-01-01\nc: 0x10\nd: ~\n');
    expect(r.ok && r.value.value).toEqual({ a: 'yes', b: '2026-01-01', c: 16, d: null });
  });

  test('refuses a billion-laughs alias bomb before it can expand', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    expect(codes(parseYaml(bomb.join('\n')))).toContain('alias');
  });

  test('refuses an alias to a mapping even once', () => {
    expect(codes(parseYaml('base: &b {x: 1}\nother: *b\n'))).toEqual(['alias']);
  });

  test('refuses a document over the byte bound', () => {
    const r = parseYaml(`a: "${'x'.repeat(100)}"`, { ...DEFAULT_DOCUMENT_LIMITS, maxBytes: 50 });
    expect(codes(r)).toEqual(['too_large']);
  });

  test('refuses nesting deeper than the bound', () => {
    expect(codes(parseYaml(`${'['.repeat(100)}${']'.repeat(100)}`))).toEqual(['syntax']);
  });

  test('refuses __proto__ and constructor keys, and pollutes nothing', () => {
    const r = parseYaml('__proto__: {polluted: true}\nrules:\n  - constructor: {x: 1}\n');
    expect(codes(r).sort()).toEqual(['forbidden_key', 'forbidden_key']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // checkTree meets the shared mapping twice and names the second visit, here the anchor.
  test('reports a refused alias or key where it is written', () => {
    const r = parseYaml('base: &b {x: 1}\nlist:\n  - *b\nrules:\n  - constructor: {x: 1}\n');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => [i.code, i.path, i.position])).toEqual(
        expect.arrayContaining([
          ['alias', '/base', { line: 1, column: 7 }],
          ['forbidden_key', '/rules/0/constructor', { line: 5, column: 18 }],
        ]),
      );
  });

  test('refuses duplicate keys', () => {
    expect(codes(parseYaml('a: 1\na: 2\n'))).toEqual(['syntax']);
  });

  test('reports the line and column of a syntax error', () => {
    const r = parseYaml('a: 1\nb: [1, 2\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.position?.line).toBeGreaterThanOrEqual(2);
  });

  test('refuses a stream of more than one document', () => {
    expect(codes(parseYaml('a: 1\n---\nb: 2\n'))).toEqual(['syntax']);
  });

  test('reads an empty text as no document, which every schema then refuses', () => {
    const r = parseYaml('# nothing\n');
    expect(r.ok && r.value.value).toBeUndefined();
  });

  test('refuses a mapping or sequence as a key, and tags outside the core schema', () => {
    expect(codes(parseYaml('? [1, 2]\n: x\n'))).toEqual(['syntax']);
    expect(codes(parseYaml('a: !!timestamp 2026-01-01\n'))).toEqual(['syntax']);
    expect(codes(parseYaml('a: !!binary aGk=\n'))).toEqual(['syntax']);
  });

  test('reports a bad tag at the tag', () => {
    const r = parseYaml('a: 1\nb: !custom x\n');
    expect(!r.ok && r.issues[0]?.position).toEqual({ line: 2, column: 4 });
  });

  test('refuses non-finite numbers', () => {
    expect(codes(parseYaml('a: .inf\n'))).toEqual(['non_finite_number']);
  });
});

describe('parseJson', () => {
  test('reports a syntax error with its position', () => {
    const r = parseJson('{"a": 1,\n "b": }');
    expect(codes(r)).toEqual(['syntax']);
  });

  test('refuses a __proto__ key', () => {
    expect(codes(parseJson('{"__proto__": {"polluted": true}}'))).toEqual(['forbidden_key']);
  });
});
