import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { propConfig } from '../../testing/prop-config.js';
import { AffixTrie } from './affix-trie.js';
import { LiteralPrefilter } from './literal-prefilter.js';

// A small alphabet makes overlaps (`abab` in `ababab`, `ab` inside `cab`) common: the cases
// where an Aho-Corasick fail link or a trie walk goes wrong. An astral character and an
// empty literal are in it too.
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.', '-', '\u{1F600}'), maxLength: 10 });

describe('LiteralPrefilter', () => {
  test('reports exactly the literals the text includes', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 12 }), text, (literals, segment) => {
        const found: number[] = [];
        new LiteralPrefilter(literals).scan(segment, found);
        const expected = literals.flatMap((l, i) => (segment.includes(l) ? [i] : []));
        expect([...new Set(found)].sort((a, b) => a - b)).toEqual(expected);
      }),
      propConfig(2000),
    );
  });
});

describe('AffixTrie', () => {
  test('finds exactly the keys that are a prefix (suffix) of the text', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          text.filter((t) => t !== ''),
          { maxLength: 12 },
        ),
        text,
        fc.boolean(),
        (keys, segment, fromEnd) => {
          const found: string[] = [];
          new AffixTrie(
            keys.map((k) => [k, k] as const),
            fromEnd,
          ).collect(segment, found);
          const expected = keys.filter((k) => (fromEnd ? segment.endsWith(k) : segment.startsWith(k)));
          expect(found.sort()).toEqual(expected.sort());
        },
      ),
      propConfig(2000),
    );
  });
});
