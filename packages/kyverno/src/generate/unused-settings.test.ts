import { describe, expect, test } from 'vitest';
import type { ImageValidatingPolicy, ValidatingPolicy } from '../kyverno.types.js';
import { compile, defaultDocument } from '../testdata/policies.js';
import { buildPolicies } from './generate.js';

// The committed kyverno/ pins what the default attestors.yaml generates; these pin what it
// never shows: a T0 tier that requires attestors, and no label admin group or more than one.

describe('settings the default attestors.yaml does not use', () => {
  test("each tier's policies carry its tier's severity, T0's included: low, medium, high, critical", () => {
    const doc = defaultDocument();
    (doc.tiers as Record<string, unknown>).T0 = {
      namespaceLabels: { 'blast-radius': 't0' },
      require: ['agent-build'],
    };
    const severities = buildPolicies(compile(doc))
      .filter((p): p is ImageValidatingPolicy => p.kind === 'ImageValidatingPolicy')
      .map((p) => [p.metadata.name, p.metadata.annotations?.['policies.kyverno.io/severity']]);
    expect(severities).toEqual([
      ['trustladder-t3-attestations', 'critical'],
      ['trustladder-t3-ephemeral-attestations', 'critical'],
      ['trustladder-t2-attestations', 'high'],
      ['trustladder-t2-ephemeral-attestations', 'high'],
      ['trustladder-t1-attestations', 'medium'],
      ['trustladder-t1-ephemeral-attestations', 'medium'],
      ['trustladder-t0-attestations', 'low'],
      ['trustladder-t0-ephemeral-attestations', 'low'],
    ]);
  });

  test('with no label admin groups, no group may lower the label, and the policy says nobody may', () => {
    const doc = defaultDocument();
    doc.kyverno.labelAdminGroups = [];
    const label = buildPolicies(compile(doc)).find(
      (p): p is ValidatingPolicy => p.metadata.name === 'trustladder-blast-radius-label',
    );
    expect(label?.spec.variables?.find((v) => v.name === 'tierAdmin')?.expression).toBe(
      'request.userInfo.groups.exists(g, g in [])',
    );
    expect(label?.metadata.annotations?.['policies.kyverno.io/description']).toMatch(
      / except by nobody \(labelAdminGroups is empty\): /,
    );
  });

  test('with two label admin groups, either may lower the label, and the policy names both', () => {
    const doc = defaultDocument();
    doc.kyverno.labelAdminGroups = ['platform', 'security'];
    const label = buildPolicies(compile(doc)).find(
      (p): p is ValidatingPolicy => p.metadata.name === 'trustladder-blast-radius-label',
    );
    expect(label?.spec.variables?.find((v) => v.name === 'tierAdmin')?.expression).toBe(
      "request.userInfo.groups.exists(g, g in ['platform', 'security'])",
    );
    expect(label?.metadata.annotations?.['policies.kyverno.io/description']).toMatch(
      / except by platform, security: /,
    );
  });
});
