import { describe, expect, test } from 'vitest';
import { loadBlastRadiusPolicy } from './compile-policy.js';
import { buildPrepared, preparePolicy, providePreparedSnapshot } from './prepare-policy.js';
import { snapshotPrepared } from './prepared-snapshot.js';

const text =
  'apiVersion: trustladder.dev/v1\nkind: BlastRadiusPolicy\nmetadata: {name: t}\ndefault: T2\nrules:\n' +
  '  - {id: docs, tier: T0, description: d, when: {allFiles: {paths: ["docs/**"]}}}\n';

// A policy given a snapshot (the default policy's, at build time) is prepared from it, once:
// building it instead would give the same matches, only slower, so this is what pins it.
describe('preparePolicy with a provided snapshot', () => {
  test('reads the snapshot once, on first use, and prepares the policy from it', () => {
    const policy = loadBlastRadiusPolicy(text);
    const snapshot = snapshotPrepared(policy, buildPrepared(policy));
    let reads = 0;
    providePreparedSnapshot(policy, () => {
      reads++;
      return snapshot;
    });
    expect(reads).toBe(0);
    const prepared = preparePolicy(policy);
    expect(reads).toBe(1);
    expect(preparePolicy(policy)).toBe(prepared);
    expect(reads).toBe(1);
    expect(prepared.globs.match('docs/a.md')).toEqual([0]);
  });

  test('is refused, not built around, when the snapshot is of another policy', () => {
    const policy = loadBlastRadiusPolicy(text);
    const other = loadBlastRadiusPolicy(text.replace('T2', 'T3'));
    providePreparedSnapshot(policy, () => snapshotPrepared(other, buildPrepared(other)));
    expect(() => preparePolicy(policy)).toThrow(/prepared snapshot is of policy/);
  });

  test('prepares a policy without one by building it, once', () => {
    const policy = loadBlastRadiusPolicy(text);
    const prepared = preparePolicy(policy);
    expect(preparePolicy(policy)).toBe(prepared);
    expect(prepared.globs.match('docs/a.md')).toEqual([0]);
  });
});
