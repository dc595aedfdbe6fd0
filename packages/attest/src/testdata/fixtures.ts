// Identities, digests and statements shared by the attest tests, matching the default
// policies/attestors.yaml.
import { APPROVAL_PREDICATE_TYPE, DEFAULT_POLICY_TEXTS, loadAttestorPolicy } from '@trustladder/core';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const HUMAN_SUBJECT =
  'https://github.com/acme/prod-approvals/.github/workflows/t3-approve.yml@refs/heads/main';
export const INTERFACE_SUBJECT =
  'https://github.com/acme/prod-approvals/.github/workflows/t2-interface.yml@refs/heads/main';
export const BUILD_SUBJECT =
  'https://github.com/acme/payments-api/.github/workflows/release.yml@refs/heads/main';

export const CHANGE_DIGEST = `sha256:${'c'.repeat(64)}`;
export const OTHER_DIGEST = `sha256:${'d'.repeat(64)}`;
export const IMAGE_DIGEST = `sha256:${'e'.repeat(64)}`;
export const POLICY_DIGEST = `sha256:${'a'.repeat(64)}`;
export const TASK_ID = 'task-202604160042';

export const defaultAttestors = () =>
  loadAttestorPolicy(DEFAULT_POLICY_TEXTS.attestors, { source: 'policies/attestors.yaml' });

export interface ApprovalFields {
  readonly taskId?: string;
  readonly tier?: string;
  readonly changeDigest?: string;
  readonly policyDigest?: string;
  readonly expiresAt?: string;
  readonly subjectDigest?: string;
  readonly predicateType?: string;
  readonly extra?: Record<string, unknown>;
}

/** An in-toto statement of an approval of the fixture change (override any field). */
export function approvalStatement(f: ApprovalFields = {}): Record<string, unknown> {
  const changeDigest = f.changeDigest ?? CHANGE_DIGEST;
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [
      {
        name: 'acme/payments-api#42',
        digest: { sha256: (f.subjectDigest ?? changeDigest).slice('sha256:'.length) },
      },
    ],
    predicateType: f.predicateType ?? APPROVAL_PREDICATE_TYPE,
    predicate: {
      taskId: f.taskId ?? TASK_ID,
      tier: f.tier ?? 'T3',
      changeDigest,
      policyDigest: f.policyDigest ?? POLICY_DIGEST,
      repo: 'acme/payments-api',
      approver: { id: 'alice', provider: 'github' },
      approvedAt: '2026-04-16T16:30:00Z',
      ...(f.expiresAt ? { expiresAt: f.expiresAt } : {}),
      ...f.extra,
    },
  };
}

/** A SLSA provenance statement of the fixture image, as an agent's release workflow signs it. */
export function provenanceStatement(): Record<string, unknown> {
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [
      { name: 'ghcr.io/acme/payments-api', digest: { sha256: IMAGE_DIGEST.slice('sha256:'.length) } },
    ],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: { buildType: 'https://actions.github.io/buildtypes/workflow/v1' },
      runDetails: {},
    },
  };
}
