import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { propConfig } from '../testing/prop-config.js';
import { compareCodePoints, sortByCodePoint } from './code-point-order.js';

// Strings mixing ASCII, BMP characters above the surrogates (U+E000-U+FFFF) and astral ones:
// exactly where UTF-16 order and code point order disagree.
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom('a', 'b', 'Z', '/', '.'),
    fc.constantFrom('\uE000', '\uFFFD', '\uFB01'),
    fc.constantFrom('\u{1F600}', '\u{10000}', '\u{1D11E}'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 6,
});

describe('sortByCodePoint', () => {
  test('sorts exactly as the code point comparator, with or without surrogates', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 20 }), (values) => {
        expect(sortByCodePoint([...values])).toEqual([...values].sort(compareCodePoints));
      }),
      propConfig(1000),
    );
  });
});
