import type { CompiledAttestorPolicy } from '@trustladder/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApprovalExpectation, verifyApproval } from './approval.js';
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
  refusal,
  TASK_ID,
} from './testdata/fixtures.js';
import { createSigstoreWorld, type SigstoreWorld } from './testing/sigstore-world.js';
import { loadTrustMaterial } from './trusted-root.js';

let world: SigstoreWorld;
let policy: CompiledAttestorPolicy;
const bundles = new Map<string, Record<string, unknown>>();

const hour = 3_600_000;
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
let signedAt: number;
const cases = (now: number): Record<string, ApprovalFields> => ({
  valid: {},
  otherTask: { taskId: 'task-202604160099' },
  otherTier: { tier: 'T2' },
  otherChange: { changeDigest: OTHER_DIGEST },
  otherSubject: { subjectDigest: OTHER_DIGEST },
  otherPolicy: { policyDigest: `sha256:${'b'.repeat(64)}` },
  expiring: { approvedAt: iso(now - 2 * hour), expiresAt: iso(now + 24 * hour) },
  badPredicate: { extra: { approver: { login: 'alice' } } },
  image: { extra: { imageDigest: IMAGE_DIGEST } },
});

beforeAll(async () => {
  world = await createSigstoreWorld();
  signedAt = world.now().getTime();
  policy = defaultAttestors();
  expected = { ...base, at: new Date(signedAt + hour) };
  for (const [name, fields] of Object.entries(cases(signedAt))) {
    bundles.set(
      name,
      await world.sign({ subject: HUMAN_SUBJECT, issuer: GITHUB_ISSUER, payload: approvalStatement(fields) }),
    );
  }
});
afterAll(() => world.close());

const base: ApprovalExpectation = {
  taskId: TASK_ID,
  tier: 'T3',
  changeDigest: CHANGE_DIGEST,
  policyDigest: POLICY_DIGEST,
};
let expected: ApprovalExpectation;

function check(
  name: string,
  expectation: ApprovalExpectation | undefined = expected,
  attestorName = 'human-approval',
) {
  const attestor = policy.attestor(attestorName) ?? expect.unreachable();
  return verifyApproval(bundles.get(name), attestor, expectation, {
    trust: loadTrustMaterial(world.trustedRoot),
    policy,
  });
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
    expect(refusal(() => check('expiring', { ...expected, at: new Date(signedAt + 24 * hour) }))).toBe(
      'APPROVAL_EXPIRED',
    );
  });

  test('refuses to judge an approval before its signature existed: EVALUATED_BEFORE_SIGNING', () => {
    expect(refusal(() => check('expiring', { ...expected, at: new Date(signedAt - hour) }))).toBe(
      'EVALUATED_BEFORE_SIGNING',
    );
  });

  test('returns the verified signing time and the signature', () => {
    const v = check('valid');
    expect(v.signedAt.getTime()).toBe(signedAt);
    expect(v.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  test('fails closed on arguments: no binding digest, an invalid Date, a tier of t3', () => {
    const { changeDigest: _, ...noDigest } = expected as ApprovalExpectation & { changeDigest: string };
    for (const bad of [
      noDigest,
      { ...expected, at: new Date('nope') },
      { ...expected, tier: 't3' },
      { ...expected, changeDigest: 'sha256:short' },
      { ...expected, taskId: '' },
      { ...expected, at: new Date(-1) },
    ])
      expect(refusal(() => check('valid', bad as ApprovalExpectation))).toBe('INVALID_ARGUMENT');
    expect(
      refusal(() =>
        verifyApproval(bundles.get('valid'), undefined as never, expected, {
          trust: loadTrustMaterial(world.trustedRoot),
          policy,
        }),
      ),
    ).toBe('INVALID_ARGUMENT');
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
