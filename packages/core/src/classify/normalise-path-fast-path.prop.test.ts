import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { propConfig } from '../testing/prop-config.js';
import { isAlreadyNormal, normalisePathPlain } from './normalise-path.js';

// The fast path declines nothing it could take: a path it sends the long way still gets the
// right answer, so only this test notices a fast path that has become too cautious (issue 16
// measured it as most of the normalising time of a 10k-file change). It takes exactly the
// paths made of printable ASCII (space to `~`) without a backslash that the step-by-step
// normalisation leaves as they are, except those with `:` as their second character, which it
// leaves to the drive-letter check of the long way.

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function takenByTheFastPath(raw: string): boolean {
  const plain = normalisePathPlain(raw);
  return PRINTABLE_ASCII.test(raw) && !raw.includes('\\') && raw[1] !== ':' && plain.ok && plain.path === raw;
}

// The characters at the fast path's boundaries: the ends of printable ASCII and their
// neighbours, the separators, dots and colons, and a non-ASCII letter.
const boundaryPath = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', ' ', '!', '~', '\u007f', '\u001f', '/', '\\', '.', ':', '\u00e9'),
  maxLength: 8,
});

describe('the fast path of normalisePath', () => {
  test('takes exactly the printable-ASCII paths already in normal form', () => {
    fc.assert(
      fc.property(fc.oneof(boundaryPath, fc.string({ unit: 'grapheme-ascii', maxLength: 10 })), (raw) => {
        expect(isAlreadyNormal(raw)).toBe(takenByTheFastPath(raw));
      }),
      propConfig(3000),
    );
  });

  test.each([
    ['a', true],
    [' a', true],
    ['a ', true],
    ['~', true],
    ['!', true],
    ['a/ /b', true],
    ['.a/..b/...', true],
    ['a:b', false],
    ['ab:c', true],
    [' ', false],
    ['a/', false],
    ['/a', false],
    ['a//b', false],
    ['a/./b', false],
    ['a/../b', false],
    ['.', false],
    ['..', false],
    ['a\\b', false],
    ['a\u007f', false],
    ['a\u001f', false],
    ['\u00e9', false],
  ])('%j: %s', (raw, taken) => {
    expect(isAlreadyNormal(raw)).toBe(taken);
    expect(takenByTheFastPath(raw)).toBe(taken);
  });
});

// The paths the fast path leaves to the long way for their `:`: only a single letter, then `:`,
// then `/` or nothing, is a drive; anything else with a colon is an ordinary relative path.
describe('a colon second is a drive only after one letter, before "/" or the end', () => {
  test.each([
    ['C:x', 'C:x'],
    ['a:b/c', 'a:b/c'],
    ['1:/x', '1:/x'],
    ['_:', '_:'],
    ['ab:/c', 'ab:/c'],
    ['C:x/../y', 'y'],
  ])('%j is the relative path %j', (raw, path) => {
    expect(normalisePathPlain(raw)).toEqual({ ok: true, path });
  });

  test.each(['C:', 'z:/', 'Z:/a', 'c:\\a'])('%j is absolute', (raw) => {
    expect(normalisePathPlain(raw)).toEqual({ ok: false, problem: 'absolute' });
  });
});
