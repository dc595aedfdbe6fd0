import { describe, expect, test } from 'vitest';
import { identifierIssues, identifierProblem, nameKey, sameName } from './identifier.js';

describe('identifierProblem', () => {
  test.each([
    ['\u200b.github/workflows/release.yml', 'invisible'],
    ['ops-\u200de', 'invisible'],
    ['ops\u2060e', 'invisible'],
    ['\ufeffops-e', 'invisible'],
    ['ops\u00ade', 'invisible'],
    ['a\u3164b', 'invisible'],
    ['a\u2028b', 'invisible'],
    ['admin\u202e\u2066txt.exe', 'bidi'],
    ['x\u2067y', 'bidi'],
    ['x\u200fy', 'bidi'],
    ['line\nbreak', 'control'],
    ['bell\u0007', 'control'],
    ['c1\u0085', 'control'],
    ['lone\ud800', 'invalid_unicode'],
  ])('refuses %j (%s)', (text, problem) => {
    expect(identifierProblem(text)).toBe(problem);
  });

  test('accepts ordinary names and paths, in any script and normalisation form', () => {
    for (const text of ['dev-e', 'src/auth/session.ts', 'café', 'cafe\u0301', 'データ/設定.yaml', 'x y'])
      expect(identifierProblem(text)).toBeUndefined();
  });

  test('issues carry the pointer and a code per problem', () => {
    expect(identifierIssues('a\u200bb', '/agent')).toEqual([
      expect.objectContaining({ code: 'identifier_invisible', path: '/agent' }),
    ]);
    expect(identifierIssues('ab', '/agent')).toEqual([]);
  });
});

describe('name comparison', () => {
  test('agent names compare after NFC and case folding', () => {
    expect(sameName('ops-e', 'OPS-E')).toBe(true);
    expect(sameName('Ops-E', 'ops-e')).toBe(true);
    expect(sameName('cafe\u0301', 'café')).toBe(true);
    expect(sameName('straße', 'STRASSE')).toBe(true);
    expect(sameName('ops-e', 'ops-f')).toBe(false);
    expect(nameKey('Dev-E')).toBe('dev-e');
  });
});
