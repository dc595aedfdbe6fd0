// A user's property test of their own policy (docs/property-testing.md walks through it):
// the arbitraries draw paths from the policy's own globs, so `services/fleet/**` is hit, and
// narrowly missed, in every run, instead of never (as with a fixed path vocabulary).
import { readFileSync } from 'node:fs';
import { classify, loadBlastRadiusPolicy, tierRank } from '@trustladder/core';
import {
  arbitraryChange,
  arbitraryChangeFor,
  arbitraryHitFor,
  arbitraryMissFor,
  propConfig,
} from '@trustladder/core/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

const file = new URL('fleet-policy.yaml', import.meta.url);
const policy = loadBlastRadiusPolicy(readFileSync(file, 'utf8'), { source: 'fleet-policy.yaml' });

const fleetCode = arbitraryHitFor('services/fleet/**').filter((p) => !p.endsWith('.md'));
const decidedByFleet = (change: unknown) =>
  classify(policy, change).matches.some((m) => m.rule === 'fleet-service' && m.state === 'true');

describe('fleet-policy.yaml', () => {
  test('any change that touches fleet code is T3, whatever else it holds', () => {
    fc.assert(
      fc.property(arbitraryChangeFor(policy, { maxFiles: 4 }), fleetCode, (change, path) => {
        const withFleet = { ...change, files: [...change.files, { path, status: 'modified' as const }] };
        expect(classify(policy, withFleet).tier).toBe('T3');
      }),
      propConfig(200),
    );
  });

  test('a path that narrowly misses services/fleet/** is never decided by the fleet rule', () => {
    fc.assert(
      fc.property(arbitraryMissFor('services/fleet/**'), (miss) => {
        expect(decidedByFleet({ files: [{ path: miss.path, status: 'modified' }] })).toBe(false);
      }),
      propConfig(300),
    );
  });

  test("the fleet service's docs are left to the default rules", () => {
    fc.assert(
      fc.property(arbitraryHitFor('services/fleet/**/*.md'), (path) => {
        expect(decidedByFleet({ files: [{ path, status: 'modified' }] })).toBe(false);
      }),
      propConfig(200),
    );
  });

  test('adding a file never lowers the tier (our own paths)', () => {
    const paths = ['services/fleet/charge.ts', 'services/fleet/README.md', 'web/src/app.tsx', 'docs/ops.md'];
    fc.assert(
      fc.property(
        arbitraryChange({ paths, minFiles: 1, maxFiles: 3 }),
        fc.constantFrom(...paths),
        (change, path) => {
          const more = { ...change, files: [...change.files, { path, status: 'modified' as const }] };
          expect(tierRank(classify(policy, more).tier)).toBeGreaterThanOrEqual(
            tierRank(classify(policy, change).tier),
          );
        },
      ),
      propConfig(200),
    );
  });
});
