import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApprovalExpectation, verifyApproval } from './approval.js';
import {
  approvalStatement,
  CHANGE_DIGEST,
  defaultAttestors,
  GITHUB_ISSUER,
  HUMAN_SUBJECT,
  POLICY_DIGEST,
  refusal,
  TASK_ID,
} from './testdata/fixtures.js';
import { createSigstoreWorld, type SigstoreWorld } from './testing/sigstore-world.js';
import { loadTrustMaterial } from './trusted-root.js';

// The time window of an approval at its exact edges (approvedAt <= at < expiresAt, never
// before the signature), found open by mutation testing (docs/mutation-testing.md): one
// second either side of each bound decides whether an approval counts.

const hour = 3_600_000;
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
let world: SigstoreWorld;
let signedAt: number;
const bundles = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  world = await createSigstoreWorld();
  // The world's clock is on whole seconds, so the predicate can name the signing time exactly.
  signedAt = world.now().getTime();
  const sign = (approvedAt: number, expiresAt: number) =>
    world.sign({
      subject: HUMAN_SUBJECT,
      issuer: GITHUB_ISSUER,
      payload: approvalStatement({ approvedAt: iso(approvedAt), expiresAt: iso(expiresAt) }),
    });
  bundles.set('atSigning', await sign(signedAt, signedAt + hour));
  bundles.set('emptyWindow', await sign(signedAt - hour, signedAt - hour));
}, 60_000);
afterAll(() => world.close());

function check(name: string, at: number) {
  const policy = defaultAttestors();
  const expected: ApprovalExpectation = {
    taskId: TASK_ID,
    tier: 'T3',
    changeDigest: CHANGE_DIGEST,
    policyDigest: POLICY_DIGEST,
    at: new Date(at),
  };
  return verifyApproval(
    bundles.get(name),
    policy.attestor('human-approval') ?? expect.unreachable(),
    expected,
    {
      trust: loadTrustMaterial(world.trustedRoot),
      policy,
    },
  );
}

describe('verifyApproval: the window at its edges', () => {
  test('an approval given at its signing time counts from that very instant', () => {
    expect(check('atSigning', signedAt).predicate.approvedAt).toBe(iso(signedAt));
  });

  test('it counts until one second before expiresAt, and is expired at expiresAt itself', () => {
    expect(() => check('atSigning', signedAt + hour - 1000)).not.toThrow();
    expect(refusal(() => check('atSigning', signedAt + hour))).toBe('APPROVAL_EXPIRED');
  });

  test('one second before it was given (and signed) it is not yet valid', () => {
    expect(refusal(() => check('atSigning', signedAt - 1000))).toBe('APPROVAL_NOT_YET_VALID');
  });

  test('an approval that expires the instant it is given has no window: APPROVAL_DATES_INVALID', () => {
    expect(refusal(() => check('emptyWindow', signedAt))).toBe('APPROVAL_DATES_INVALID');
  });
});
