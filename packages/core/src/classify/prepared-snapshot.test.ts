import { describe, expect, test } from 'vitest';
import { defaultBlastRadiusPolicy } from '../defaults/compiled-default.js';
import { loadBlastRadiusPolicy } from './compile-policy.js';
import { buildPrepared } from './prepare-policy.js';
import { restorePrepared, snapshotPrepared } from './prepared-snapshot.js';

const policy = () =>
  loadBlastRadiusPolicy(
    'apiVersion: trustladder.dev/v1\nkind: BlastRadiusPolicy\nmetadata: {name: t}\ndefault: T2\nrules:\n' +
      '  - {id: docs, tier: T0, description: d, when: {allFiles: {paths: ["docs/**"]}}}\n' +
      '  - id: auth\n    tier: T3\n    description: d\n    when:\n      anyOf:\n' +
      '        - files: {paths: ["**/auth/**"], exclude: ["**/*.md"], content: {pattern: "password", notWithin: ["^test"]}}\n' +
      '        - files: {paths: ["**/AUTH/**"], ignoreCase: true}\n',
  );

describe('a prepared policy restored from its snapshot', () => {
  test('names the same file predicates for each glob, and the same content patterns', () => {
    const p = policy();
    const built = buildPrepared(p);
    const restored = restorePrepared(p, JSON.parse(JSON.stringify(snapshotPrepared(p, built))));
    expect(restored.uses).toEqual(built.uses);
    expect(restored.uses[0]?.[0]?.node).toBe(p.nodes.find((n) => n.op === 'allFiles'));
    expect(restored.content).toEqual(built.content);
    expect(restored.notWithin).toEqual(built.notWithin);
    for (const path of ['docs/a.md', 'src/auth/x.ts', 'src/auth/README.md', 'x'])
      expect(restored.globs.match(path).sort()).toEqual(built.globs.match(path).sort());
  });

  test('is refused for another policy (another digest): it would match the wrong globs', () => {
    const p = policy();
    const snapshot = snapshotPrepared(p, buildPrepared(p));
    expect(() => restorePrepared(defaultBlastRadiusPolicy(), snapshot)).toThrow(
      /prepared snapshot is of policy/,
    );
  });

  test('is refused when it names a node that is not one of the policy file predicates', () => {
    const p = policy();
    const snapshot = snapshotPrepared(p, buildPrepared(p));
    const notAFileNode = p.nodes.findIndex((n) => n.op !== 'files' && n.op !== 'allFiles');
    expect(notAFileNode).toBeGreaterThanOrEqual(0);
    for (const id of [notAFileNode, p.nodes.length, -1])
      expect(() => restorePrepared(p, { ...snapshot, uses: [[[id, 0]]] })).toThrow(/not a file predicate/);
  });
});
