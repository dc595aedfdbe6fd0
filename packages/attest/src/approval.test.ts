import type { CompiledAttestorPolicy } from '@trustladder/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApprovalExpectation, verifyApproval } from './approval.js';
import { AttestError, type AttestErrorCode } from './errors.js';
import {
  type ApprovalFields,
  approvalStatement,
  CHANGE_DIGEST,
  defaultAttestors,
  GITHUB_ISSUER,
  HUMAN_SUBJECT,
  IMAGE_DIGEST,
  OTHER_DIGEST,
  POLICY_DIGEST,
  TASK_ID,
} from './testdata/fixtures.js';
import { createSigstoreWorld, type SigstoreWorld } from './testing/sigstore-world.js';
import { loadTrustMaterial } from './trusted-root.js';

let world: SigstoreWorld;
let policy: CompiledAttestorPolicy;
const bundles = new Map<string, Record<string, unknown>>();

const cases: Record<string, ApprovalFields> = {
  valid: {},
  otherTask: { taskId: 'task-202604160099' },
  otherTier: { tier: 'T2' },
  otherChange: { changeDigest: OTHER_DIGEST },
  otherSubject: { subjectDigest: OTHER_DIGEST },
  otherPolicy: { policyDigest: `sha256:${'b'.repeat(64)}` },
  expiring: { expiresAt: '2026-05-01T00:00:00Z' },
  badPredicate: { extra: { approver: { login: 'alice' } } },
  image: { extra: { imageDigest: IMAGE_DIGEST } },
};

beforeAll(async () => {
  world = await createSigstoreWorld();
  policy = defaultAttestors();
  for (const [name, fields] of Object.entries(cases)) {
    bundles.set(
      name,
      await world.sign({ subject: HUMAN_SUBJECT, issuer: GITHUB_ISSUER, payload: approvalStatement(fields) }),
    );
  }
});
afterAll(() => world.close());

const expected: ApprovalExpectation = {
  taskId: TASK_ID,
  tier: 'T3',
  changeDigest: CHANGE_DIGEST,
  policyDigest: POLICY_DIGEST,
  at: new Date('2026-04-20T00:00:00Z'),
};

function check(name: string, expectation: ApprovalExpectation = expected, attestorName = 'human-approval') {
  const attestor = policy.attestor(attestorName) ?? expect.unreachable();
  return verifyApproval(bundles.get(name), attestor, expectation, {
    trust: loadTrustMaterial(world.trustedRoot),
    policy,
  });
}

function refusal(run: () => unknown): AttestErrorCode {
  try {
    run();
  } catch (e) {
    if (e instanceof AttestError) return e.code;
    throw e;
  }
  throw new Error('accepted');
}

describe('verifyApproval', () => {
  test('accepts an approval bound to this task, tier, change and policy', () => {
    const v = check('valid');
    expect(v.predicate.approver.id).toBe('alice');
    expect(v.identity.subject).toBe(HUMAN_SUBJECT);
  });

  test('refuses an approval of another task: TASK_MISMATCH', () => {
    expect(refusal(() => check('otherTask'))).toBe('TASK_MISMATCH');
  });

  test('refuses an approval given at another tier: TIER_MISMATCH', () => {
    expect(refusal(() => check('otherTier'))).toBe('TIER_MISMATCH');
  });

  test('refuses an approval of another change: DIGEST_MISMATCH', () => {
    expect(refusal(() => check('otherChange'))).toBe('DIGEST_MISMATCH');
  });

  test('refuses a predicate whose statement subject is another artifact: SUBJECT_DIGEST_MISMATCH', () => {
    expect(refusal(() => check('otherSubject'))).toBe('SUBJECT_DIGEST_MISMATCH');
  });

  test('refuses an approval given under another policy version: POLICY_DIGEST_MISMATCH', () => {
    expect(refusal(() => check('otherPolicy'))).toBe('POLICY_DIGEST_MISMATCH');
  });

  test('refuses an approval after its expiry: APPROVAL_EXPIRED', () => {
    expect(() => check('expiring')).not.toThrow();
    expect(refusal(() => check('expiring', { ...expected, at: new Date('2026-05-01T00:00:00Z') }))).toBe(
      'APPROVAL_EXPIRED',
    );
  });

  test('refuses a predicate that does not satisfy the approval schema: PREDICATE_INVALID', () => {
    expect(refusal(() => check('badPredicate'))).toBe('PREDICATE_INVALID');
  });

  test('binds to an image digest when one is expected, and refuses an approval that names none', () => {
    const forImage: ApprovalExpectation = {
      taskId: TASK_ID,
      tier: 'T3',
      policyDigest: POLICY_DIGEST,
      imageDigest: IMAGE_DIGEST,
    };
    expect(refusal(() => check('image', forImage))).toBe('SUBJECT_DIGEST_MISMATCH');
    expect(refusal(() => check('valid', forImage))).toBe('DIGEST_MISMATCH');
  });

  test('refuses to check an approval against a build attestor: NOT_AN_APPROVER', () => {
    expect(refusal(() => check('valid', expected, 'agent-build'))).toBe('NOT_AN_APPROVER');
  });
});
