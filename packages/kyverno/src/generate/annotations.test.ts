import { DEFAULT_POLICY_TEXTS, loadAttestorPolicy } from '@trustladder/core';
import { describe, expect, test } from 'vitest';
import { policyAnnotations } from './annotations.js';

// Every generated policy says which Kyverno it needs and which attestor policy (by name and
// digest) it was generated from: the drift check and a reviewer of the cluster rely on both.

describe('policyAnnotations', () => {
  test('names the minimum Kyverno version and the attestor policy it was generated from', () => {
    const source = loadAttestorPolicy(DEFAULT_POLICY_TEXTS.attestors, { source: 'attestors.yaml' });
    const annotations = policyAnnotations(source, {
      title: 't',
      category: 'c',
      severity: 'high',
      subject: 'Pod',
      description: 'd',
    });
    expect(annotations['policies.kyverno.io/minversion']).toBe('1.19.0');
    expect(annotations['trustladder.dev/generated-from']).toBe(
      `AttestorPolicy ${source.name} ${source.digest}`,
    );
    expect(source.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
