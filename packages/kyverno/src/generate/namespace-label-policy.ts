import type { CompiledAttestorPolicy } from '@trustladder/core';
import { TIERS } from '@trustladder/core';
import type { ValidatingPolicy } from '../kyverno.types.js';
import { MANAGED_BY, policyAnnotations } from './annotations.js';
import { celString, celStringList } from './cel.js';
import { BLAST_RADIUS_LABEL, LABEL_POLICY_NAME } from './names.js';

// Protects the namespace label that selects each tier's policy: without it, anyone allowed to
// edit a namespace could escape T3 by relabelling it t0. The label may only take the values
// t0..t3; once set it may be raised but not lowered or removed, except by the named groups.
//
// Facts of Kyverno 1.19 this relies on (checked with its engine): on CREATE `oldObject` is an
// empty object, not null, so the old label is read only when the request is an UPDATE. A
// label that already holds a value outside t0..t3 (set before this policy existed) ranks as
// t3: only the label admins may change or remove it, so an invalid value is no way out.
export function buildNamespaceLabelPolicy(source: CompiledAttestorPolicy): ValidatingPolicy {
  const groups = source.kyverno.labelAdminGroups;
  const ranks = `{${TIERS.map((t, i) => `${celString(t.toLowerCase())}: ${i}`).join(', ')}}`;
  const label = celString(BLAST_RADIUS_LABEL);
  const who = groups.length > 0 ? groups.join(', ') : 'nobody (labelAdminGroups is empty)';
  return {
    apiVersion: 'policies.kyverno.io/v1',
    kind: 'ValidatingPolicy',
    metadata: {
      name: LABEL_POLICY_NAME,
      labels: { ...MANAGED_BY },
      annotations: policyAnnotations(source, {
        title: `Protect the ${BLAST_RADIUS_LABEL} namespace label`,
        category: 'Multi-Tenancy',
        severity: 'critical',
        subject: 'Namespace',
        description:
          `The ${BLAST_RADIUS_LABEL} label selects which tier's attestation policy guards a namespace. It may ` +
          `only be t0, t1, t2 or t3, and once set it can be raised but neither lowered nor removed, except by ` +
          `${who}: no one escapes T3 by relabelling a namespace.`,
      }),
    },
    spec: {
      validationActions: ['Deny'],
      failurePolicy: 'Fail',
      // request.userInfo exists only at admission; a background scan could not judge it.
      evaluation: { admission: { enabled: true }, background: { enabled: false } },
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['namespaces'],
          },
        ],
      },
      variables: [
        { name: 'ranks', expression: ranks },
        { name: 'newTier', expression: `object.metadata.?labels[?${label}].orValue('')` },
        {
          name: 'oldTier',
          expression: `request.operation == 'UPDATE' ? oldObject.?metadata.?labels[?${label}].orValue('') : ''`,
        },
        {
          name: 'oldRank',
          expression: `variables.oldTier in variables.ranks ? variables.ranks[variables.oldTier] : ${TIERS.length - 1}`,
        },
        { name: 'tierAdmin', expression: `request.userInfo.groups.exists(g, g in ${celStringList(groups)})` },
      ],
      validations: [
        {
          expression: "variables.newTier == '' || variables.newTier in variables.ranks",
          message: `the ${BLAST_RADIUS_LABEL} label must be one of t0, t1, t2, t3`,
          reason: 'Invalid',
        },
        {
          expression:
            "variables.oldTier == '' || variables.tierAdmin || " +
            '(variables.newTier in variables.ranks && variables.ranks[variables.newTier] >= variables.oldRank)',
          message: `a namespace's ${BLAST_RADIUS_LABEL} label can only be raised; lowering or removing it needs ${who}`,
          reason: 'Forbidden',
        },
      ],
    },
  };
}
