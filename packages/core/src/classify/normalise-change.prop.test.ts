import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { arbitraryChange, arbitraryPolicyDocument, type ChangeValue } from '../testing/index.js';
import { propConfig } from '../testing/prop-config.js';
import { compileBlastRadiusPolicy, loadBlastRadiusPolicy } from './compile-policy.js';
import type { CompiledPolicy, NormalisedChange } from './compiled.types.js';
import { evaluateNormalised } from './evaluate.js';
import { normaliseChange, readableLines } from './normalise-change.js';

const defaultPolicy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
const anyPolicy: fc.Arbitrary<CompiledPolicy> = fc.oneof(
  { weight: 3, arbitrary: arbitraryPolicyDocument().map((d) => compileBlastRadiusPolicy(d)) },
  { weight: 1, arbitrary: fc.constant(defaultPolicy) },
);

// The eager reference: every patch parsed up front, as normaliseChange did before issue 16.
function eager(change: ChangeValue, normalised: NormalisedChange, maxPatchLength: number): NormalisedChange {
  return {
    ...normalised,
    files: normalised.files.map((file, i) => {
      const patch = change.files[i]?.patch;
      const read =
        patch === undefined || patch.length > maxPatchLength ? null : readableLines(file.status, patch);
      return {
        ...file,
        added: read?.added ?? null,
        scopes: read?.scopes ?? null,
        removed: read?.removed ?? null,
      };
    }),
  };
}

describe('normaliseChange: lazily parsed patches', () => {
  test('read, serialise and classify exactly as the patches parsed eagerly', () => {
    fc.assert(
      fc.property(
        anyPolicy,
        arbitraryChange(),
        fc.integer({ min: 0, max: 200 }),
        (policy, change, maxPatchLength) => {
          const reference = eager(change, normaliseChange(change, { maxPatchLength }), maxPatchLength);
          // Classified before anything reads the lines: only the files reaching a content
          // pattern parse their patch.
          const lazy = normaliseChange(change, { maxPatchLength });
          expect(evaluateNormalised(policy, lazy)).toEqual(evaluateNormalised(policy, reference));
          expect(JSON.parse(JSON.stringify(lazy))).toEqual(JSON.parse(JSON.stringify(reference)));
          expect(structuredClone(lazy)).toEqual(reference);
        },
      ),
      propConfig(500),
    );
  });
});
