import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { arbitraryChange } from '../testing/change-arbitraries.js';
import { arbitraryChangeFor } from '../testing/change-for-policy.js';
import { propConfig } from '../testing/prop-config.js';
import { loadBlastRadiusPolicy } from './compile-policy.js';
import { evaluateNodes } from './evaluate.js';
import { normaliseChange } from './normalise-change.js';

// What a node's outcome may carry: a false node explains nothing (no surfaces, no missing
// facts), a true one misses no fact, and only an unknown one names the facts it lacked. A rule
// reports the surfaces of its outcome, so a false node that carried any would put paths into
// a classification that no rule matched.

const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius'], { source: 'default' });

describe('the outcome of every node of the default policy', () => {
  test('false explains nothing, true lacks no fact', () => {
    fc.assert(
      fc.property(fc.oneof(arbitraryChangeFor(policy), arbitraryChange()), (change) => {
        const outcomes = evaluateNodes(policy, normaliseChange(change));
        expect(outcomes).toHaveLength(policy.nodes.length);
        for (const outcome of outcomes) {
          if (outcome.state === 'false')
            expect(outcome).toEqual({ state: 'false', surfaces: [], unknown: [] });
          if (outcome.state === 'true') expect(outcome.unknown).toEqual([]);
        }
      }),
      propConfig(200),
    );
  });
});
