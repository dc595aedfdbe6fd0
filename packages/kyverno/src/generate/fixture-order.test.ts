import { describe, expect, test } from 'vitest';
import { defaultAttestors } from '../testdata/policies.js';
import { generateKyverno } from './generate.js';

// The files come in one fixed order (the CLI writes and lists them in it): the policies as
// kustomization.yaml lists them, kustomization.yaml, then each policy's .kyverno-test fixtures,
// policy by policy in that same order.
describe('generateKyverno', () => {
  test("lists the .kyverno-test fixtures policy by policy, in kustomization.yaml's order", () => {
    const { policies, files } = generateKyverno(defaultAttestors());
    const names = policies.map((p) => p.metadata.name);
    expect(files.slice(0, names.length + 1).map((f) => f.path)).toEqual([
      ...names.map((n) => `${n}.yaml`),
      'kustomization.yaml',
    ]);
    const fixtureDirs = files.slice(names.length + 1).map((f) => f.path.split('/').slice(0, 2).join('/'));
    expect([...new Set(fixtureDirs)]).toEqual(names.map((n) => `.kyverno-test/${n}`));
  });
});
