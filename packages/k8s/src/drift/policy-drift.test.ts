import type { KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, test } from 'vitest';
import type { PolicyKind } from '../cluster/resources.js';
import { diff, type ExpectedPolicy, MAX_FIELDS, policyDrift } from './policy-drift.js';

const labels = { 'app.kubernetes.io/managed-by': 'trustladder' };

function expectedIvp(spec: Record<string, unknown>): ExpectedPolicy {
  return { kind: 'ImageValidatingPolicy', metadata: { name: 'trustladder-t3-attestations', labels }, spec };
}

function installed(spec: Record<string, unknown>): Map<PolicyKind, KubernetesObject[]> {
  return new Map<PolicyKind, KubernetesObject[]>([
    [
      'ImageValidatingPolicy',
      [{ metadata: { name: 'trustladder-t3-attestations', labels }, ...{ spec } } as KubernetesObject],
    ],
    ['ValidatingPolicy', []],
  ]);
}

describe('policyDrift', () => {
  test('what the API server defaults is not drift', () => {
    // The generator leaves validationConfigurations out; the CRD defaults all three flags to true.
    const want = expectedIvp({ failurePolicy: 'Fail', evaluation: { admission: {} } });
    const stored = {
      failurePolicy: 'Fail',
      evaluation: { admission: { enabled: true } },
      validationConfigurations: { mutateDigest: true, required: true, verifyDigest: true },
    };
    expect(policyDrift([want], installed(stored))).toEqual([]);
  });

  test('a default overridden in the cluster is drift', () => {
    const want = expectedIvp({ failurePolicy: 'Fail' });
    const stored = {
      failurePolicy: 'Fail',
      validationConfigurations: { mutateDigest: true, required: true, verifyDigest: false },
    };
    expect(policyDrift([want], installed(stored))).toEqual([
      {
        kind: 'ImageValidatingPolicy',
        name: 'trustladder-t3-attestations',
        change: 'changed',
        fields: ['/spec/validationConfigurations/verifyDigest'],
      },
    ]);
  });

  test('a list of another length is reported at the list', () => {
    const out: string[] = [];
    diff({ a: [1, 2] }, { a: [1] }, '/spec', out);
    expect(out).toEqual(['/spec/a']);
  });

  test('lists at most MAX_FIELDS differing fields', () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    const [d] = policyDrift([expectedIvp(many)], installed({}));
    expect(d?.fields).toHaveLength(MAX_FIELDS);
  });

  test('the same name under the other kind is a missing one plus an extra one', () => {
    const want = expectedIvp({});
    const other = new Map<PolicyKind, KubernetesObject[]>([
      ['ImageValidatingPolicy', []],
      ['ValidatingPolicy', [{ metadata: { name: 'trustladder-t3-attestations', labels } }]],
    ]);
    expect(policyDrift([want], other).map((d) => [d.kind, d.change])).toEqual([
      ['ImageValidatingPolicy', 'missing'],
      ['ValidatingPolicy', 'extra'],
    ]);
  });
});
