import { describe, expect, test } from 'vitest';
import { TrustladderError } from '../errors.js';
import { compileBlastRadiusPolicy, loadBlastRadiusPolicy } from './compile-policy.js';

const header = 'apiVersion: trustladder.dev/v1\nkind: BlastRadiusPolicy\nmetadata: {name: t}\ndefault: T2\n';

function loadError(text: string): TrustladderError {
  try {
    loadBlastRadiusPolicy(text, { source: 'p.yaml' });
  } catch (e) {
    if (e instanceof TrustladderError) return e;
    throw e;
  }
  throw new Error('the policy loaded');
}

const issues = (e: TrustladderError) => e.issues.map((i) => [i.code, i.path]);

describe('loadBlastRadiusPolicy', () => {
  test('compiles globs to regexes and flattens conditions in pre-order', () => {
    const p = loadBlastRadiusPolicy(
      `${header}rules:\n  - {id: r, tier: T3, description: d, when: {allOf: [{files: {paths: ["**/auth/**"]}}, {not: {repos: {min: 2}}}]}}\n`,
    );
    expect(p.rules).toEqual([{ id: 'r', tier: 'T3', description: 'd', root: 0 }]);
    expect(p.nodes.map((n) => [n.id, n.depth, n.op])).toEqual([
      [0, 0, 'allOf'],
      [1, 1, 'files'],
      [2, 1, 'not'],
      [3, 2, 'repos'],
    ]);
    expect(p.nodes[1]).toMatchObject({ paths: ['^(?:[^/]*/)*auth(?:/.*)?$'], at: '/rules/0/when/allOf/0' });
    expect(p.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test('gives the same digest to the same policy written differently', () => {
    const a = loadBlastRadiusPolicy(`${header}rules: []\n`);
    const b = loadBlastRadiusPolicy(
      '{"rules": [], "default": "T2", "metadata": {"name": "t"}, "kind": "BlastRadiusPolicy", "apiVersion": "trustladder.dev/v1"}',
      { format: 'json' },
    );
    expect(a.digest).toBe(b.digest);
    expect(loadBlastRadiusPolicy(`${header.replace('T2', 'T3')}rules: []\n`).digest).not.toBe(a.digest);
  });

  test('reports every problem at once, each at its JSON pointer', () => {
    const e = loadError(
      `${header}rules:\n` +
        '  - {id: a, tier: T3, description: d, when: {files: {paths: ["[abc"]}}}\n' +
        '  - {id: a, tier: T9, description: d, when: {files: {paths: ["x"], content: {pattern: "(?<=a)b"}}}}\n' +
        '  - {id: c, tier: T1, description: d, when: {files: {paths: ["x"]}, repos: {min: 2}}}\n' +
        '  - {id: d, tier: T1, description: d, when: {files: {paths: ["x"], typo: 1}}}\n',
    );
    expect(e.code).toBe('INVALID_DOCUMENT');
    expect(issues(e)).toEqual(
      expect.arrayContaining([
        ['enum', '/rules/1/tier'],
        ['maxProperties', '/rules/2/when'],
        ['unknown_property', '/rules/3/when/files/typo'],
      ]),
    );
  });

  test('reports bad globs, RE2-incompatible patterns and duplicate ids after the schema passes', () => {
    const e = loadError(
      `${header}rules:\n` +
        '  - {id: a, tier: T3, description: d, when: {files: {paths: ["ok/**", "[abc"]}}}\n' +
        '  - {id: a, tier: T3, description: d, when: {files: {paths: ["x"], content: {pattern: "(?<=a)b"}}}}\n' +
        '  - {id: b, tier: T3, description: d, when: {files: {paths: ["x"], content: {pattern: "(a)\\\\1"}}}}\n' +
        '  - {id: c, tier: T3, description: d, when: {files: {paths: ["x"], exclude: ["/abs"]}}}\n',
    );
    expect(issues(e)).toEqual([
      ['invalid_glob', '/rules/0/when/files/paths/1'],
      ['duplicate_rule_id', '/rules/1/id'],
      ['invalid_pattern', '/rules/1/when/files/content/pattern'],
      ['invalid_pattern', '/rules/2/when/files/content/pattern'],
      ['invalid_glob', '/rules/3/when/files/exclude/0'],
    ]);
    expect(e.issues[0]?.position?.line).toBe(6);
  });

  test('refuses conditions nested deeper than the Rego engine unrolls', () => {
    let when = '{repos: {min: 1}}';
    for (let i = 0; i < 9; i++) when = `{not: ${when}}`;
    const e = loadError(`${header}rules:\n  - {id: deep, tier: T3, description: d, when: ${when}}\n`);
    expect(e.issues.map((i) => i.code)).toContain('too_deep');
  });

  test('refuses YAML syntax errors, alias bombs and oversized files with their own codes', () => {
    expect(loadError('a: [1, 2\n').code).toBe('PARSE_ERROR');
    expect(loadError(`${header}rules: &r []\nx: *r\n`).code).toBe('PARSE_ERROR');
    expect(loadError(`${header}rules: []\n# ${'x'.repeat(5 * 1024 * 1024)}\n`).code).toBe('TOO_LARGE');
  });

  test('compileBlastRadiusPolicy validates an already parsed document', () => {
    expect(() => compileBlastRadiusPolicy({ kind: 'BlastRadiusPolicy' })).toThrow(TrustladderError);
  });

  test('the error names the file, the pointer and the problem in one line', () => {
    const e = loadError(`${header}rules:\n  - {id: a, tier: T9, description: d, when: {repos: {min: 2}}}\n`);
    expect(e.firstLine()).toMatch(/^p\.yaml:\d+:\d+ \/rules\/0\/tier: /);
  });
});
