import { describe, expect, test } from 'vitest';
import { identityMatcher } from './identity-matcher.js';

const GH = 'https://token.actions.githubusercontent.com';
const SUBJECT = 'https://github.com/acme/prod-approvals/.github/workflows/t3-approve.yml@refs/heads/main';

describe('identityMatcher', () => {
  test('an exact subject matches itself and nothing that only shares a prefix or suffix', () => {
    const m = identityMatcher(GH, { kind: 'exact', value: SUBJECT });
    expect(m.matches({ issuer: GH, subject: SUBJECT })).toBe(true);
    for (const near of [
      `${SUBJECT}-evil`,
      `${SUBJECT}/x`,
      `x${SUBJECT}`,
      SUBJECT.replace('/prod-approvals/', '/prod-approvals-evil/'),
      SUBJECT.replace('.yml', 'Xyml'),
      SUBJECT.slice(0, -1),
    ]) {
      expect(m.matches({ issuer: GH, subject: near })).toBe(false);
      expect(m.subjectRegExp.test(near)).toBe(false);
    }
  });

  test('compares the issuer exactly', () => {
    const m = identityMatcher(GH, { kind: 'exact', value: SUBJECT });
    for (const issuer of [
      `${GH}/`,
      'https://token.actions.githubusercontent.com.evil.com',
      GH.toUpperCase(),
      undefined,
    ])
      expect(m.matches({ issuer, subject: SUBJECT })).toBe(false);
  });

  test('a regex subject must match the whole subject', () => {
    const m = identityMatcher(GH, {
      kind: 'regexp',
      pattern: '^https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/heads/main$',
    });
    const ok = 'https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main';
    expect(m.matchesSubject(ok)).toBe(true);
    expect(m.matchesSubject(`${ok}-evil`)).toBe(false);
    expect(m.matchesSubject(ok.replace('/acme/', '/acme-evil/'))).toBe(false);
    expect(m.matchesSubject(ok.replace('/api/', '/a/b/'))).toBe(false);
    expect(m.matchesSubject(undefined)).toBe(false);
  });

  test('the RegExp given to sigstore-js is anchored even for a regex that would not be on its own', () => {
    // Load refuses unanchored patterns; the matcher still never builds an unanchored RegExp.
    const m = identityMatcher(GH, { kind: 'regexp', pattern: 'acme' });
    expect(m.subjectRegExp.source).toBe('^(?:acme)$');
    expect(m.subjectRegExp.test('https://github.com/acme/x')).toBe(false);
  });
});
