import { describe, expect, it } from 'vitest';
import { parseLabels } from './corpus.js';

// The label file decides which part a commit is measured in: a part the parser does not know
// must be an error, never a commit silently left out of every confusion table.

const line = (part: string) => `Sylius/Sylius\t026094a5b3fb\tT2\t${part}\tnew admin API operation`;

describe('parseLabels', () => {
  it.each(['tuning', 'held-out', 'held-out-2', 'held-out-3'])('accepts the %s part', (part) => {
    expect(parseLabels(line(part))).toEqual([
      { repo: 'Sylius/Sylius', commit: '026094a5b3fb', label: 'T2', part, reason: 'new admin API operation' },
    ]);
  });

  it('rejects a part it does not know, naming the line', () => {
    expect(() => parseLabels(`# header\n${line('held-out-4')}`)).toThrow(
      /labels\.tsv:2: bad part "held-out-4"/,
    );
  });
});
