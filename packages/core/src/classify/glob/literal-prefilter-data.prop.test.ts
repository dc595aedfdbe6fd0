import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { propConfig } from '../../testing/prop-config.js';
import { LiteralPrefilter } from './literal-prefilter.js';

// The default policy's GlobSet snapshot ships its prefilters as data (glob-set-snapshot.ts):
// one restored from `data()`, through JSON, must scan every text exactly as the built one.
// Overlapping literals over a small alphabet, an astral character and the empty literal, as
// prefilters.prop.test.ts draws them.
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.', '-', '\u{1F600}'), maxLength: 10 });

describe('a LiteralPrefilter restored from its data', () => {
  test('reports what the built one reports, in the same order, for every text', () => {
    fc.assert(
      fc.property(
        fc.array(text, { maxLength: 12 }),
        fc.array(text, { maxLength: 6 }),
        (literals, segments) => {
          const built = new LiteralPrefilter(literals);
          const restored = new LiteralPrefilter(JSON.parse(JSON.stringify(built.data())));
          for (const segment of segments) {
            const a: number[] = [];
            const b: number[] = [];
            built.scan(segment, a);
            restored.scan(segment, b);
            expect(b).toEqual(a);
          }
          expect(restored.data()).toEqual(built.data());
        },
      ),
      propConfig(2000),
    );
  });
});
