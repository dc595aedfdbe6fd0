// Identities, digests and statements shared by the attest tests, matching the default
// policies/attestors.yaml.
import {
  APPROVAL_PREDICATE_TYPE,
  type Change,
  DEFAULT_POLICY_TEXTS,
  loadAttestorPolicy,
  loadBlastRadiusPolicy,
} from '@trustladder/core';
import { AttestError, type AttestErrorCode } from '../errors.js';

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
  readonly approvedAt?: string;
  readonly expiresAt?: string;
  readonly repo?: string | null;
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
      ...(f.repo === null ? {} : { repo: f.repo ?? 'acme/payments-api' }),
      approver: { id: 'alice', provider: 'github' },
      approvedAt: f.approvedAt ?? '2026-04-16T16:30:00Z',
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

/** A small blast-radius policy for the gate tests: one directory per tier. */
export const REVIEW_POLICY_TEXT = `apiVersion: trustladder.dev/v1
kind: BlastRadiusPolicy
metadata: { name: gate-tests }
default: T2
rules:
  - { id: t3-auth, tier: T3, description: auth, when: { files: { paths: ["auth/**"] } } }
  - { id: t2-api, tier: T2, description: api, when: { files: { paths: ["api/**"] } } }
  - { id: t1-ui, tier: T1, description: ui, when: { allFiles: { paths: ["ui/**"] } } }
  - { id: t0-docs, tier: T0, description: docs, when: { allFiles: { paths: ["docs/**"] } } }
`;
export const REVIEW_POLICY = loadBlastRadiusPolicy(REVIEW_POLICY_TEXT, { source: 'gate-tests.yaml' });

const TIER_DIRECTORY = { T0: 'docs', T1: 'ui', T2: 'api', T3: 'auth' } as const;

/** A change of the fixture repository that REVIEW_POLICY classifies at `tier`. */
export function changeAt(tier: keyof typeof TIER_DIRECTORY, repo = 'acme/payments-api'): Change {
  return { repo, files: [{ path: `${TIER_DIRECTORY[tier]}/session.ts`, status: 'modified' }] };
}

/** The refusal code of a call that must refuse; an accepted call or a bug fails the test. */
export function refusal(run: () => unknown): AttestErrorCode {
  try {
    run();
  } catch (e) {
    if (e instanceof AttestError) return e.code;
    throw e;
  }
  throw new Error('accepted');
}
