import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { propConfig } from '../testing/prop-config.js';
import { normalisePath, normalisePathPlain } from './normalise-path.js';

// Path-like strings built from the characters that decide the fast path: separators, dots,
// spaces, drive-letter colons, controls, non-ASCII (NFD accents, bidi, zero-width, lone
// surrogates) and plain letters.
const pathLike = fc.string({
  unit: fc.constantFrom(
    'a',
    'B',
    'z',
    '1',
    '/',
    '\\',
    '.',
    '..',
    ' ',
    ':',
    'C:',
    '\t',
    '\u0000',
    '\u007f',
    'e\u0301',
    '\u00e9',
    '\u202e',
    '\u200b',
    '\ud800',
    '\u{1F600}',
  ),
  maxLength: 12,
});

describe('normalisePath', () => {
  test('the ASCII fast path gives what the step-by-step normalisation gives', () => {
    fc.assert(
      fc.property(fc.oneof(pathLike, fc.string({ unit: 'binary', maxLength: 8 })), (raw) => {
        expect(normalisePath(raw)).toEqual(normalisePathPlain(raw));
      }),
      propConfig(5000),
    );
  });
});
