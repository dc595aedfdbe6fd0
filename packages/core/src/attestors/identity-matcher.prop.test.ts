import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { propConfig } from '../testing/prop-config.js';
import { identityMatcher } from './identity-matcher.js';
import { escapeRegExp } from './subject-regexp.js';

const GH = 'https://token.actions.githubusercontent.com';
// Subjects made of the characters that matter: regex metacharacters, URL punctuation, letters.
const subjectChar = fc.constantFrom(...'ab/.@:-_*+?()[]{}|^$\\'.split(''));
const subject = fc.string({ unit: subjectChar, minLength: 1, maxLength: 24 });

describe('identityMatcher (properties)', () => {
  test('an exact subject matches a candidate exactly when the strings are equal, in both checks', () => {
    fc.assert(
      fc.property(subject, subject, (expected, candidate) => {
        const m = identityMatcher(GH, { kind: 'exact', value: expected });
        expect(m.matchesSubject(candidate)).toBe(candidate === expected);
        expect(m.subjectRegExp.test(candidate)).toBe(candidate === expected);
      }),
      propConfig(1000),
    );
  });

  test('no string with the subject as a proper prefix or suffix matches', () => {
    fc.assert(
      fc.property(subject, subject, (expected, extra) => {
        const m = identityMatcher(GH, { kind: 'exact', value: expected });
        expect(m.matchesSubject(expected + extra)).toBe(false);
        expect(m.matchesSubject(extra + expected)).toBe(false);
      }),
      propConfig(1000),
    );
  });

  test('an escaped subject used as a regex pattern matches exactly what the exact matcher does', () => {
    fc.assert(
      fc.property(subject, subject, (expected, candidate) => {
        const exact = identityMatcher(GH, { kind: 'exact', value: expected });
        const regexp = identityMatcher(GH, { kind: 'regexp', pattern: `^${escapeRegExp(expected)}$` });
        expect(regexp.matchesSubject(candidate)).toBe(exact.matchesSubject(candidate));
      }),
      propConfig(1000),
    );
  });
});
