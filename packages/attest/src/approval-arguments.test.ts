import { describe, expect, test } from 'vitest';
import { type ApprovalExpectation, verifyApproval } from './approval.js';
import { AttestError } from './errors.js';
import { CHANGE_DIGEST, defaultAttestors, POLICY_DIGEST, TASK_ID } from './testdata/fixtures.js';

// A refused argument of verifyApproval names its field first (INVALID_ARGUMENT), so a caller
// can tell which part of what it asked for was wrong. The expectation and the attestor are
// checked before any bundle is read, so no signature is needed here. Found open by mutation
// testing (docs/mutation-testing.md): every field name was replaceable by an empty one.

const policy = defaultAttestors();
const human = policy.attestor('human-approval') ?? expect.unreachable();
const valid: ApprovalExpectation = {
  taskId: TASK_ID,
  tier: 'T3',
  changeDigest: CHANGE_DIGEST,
  policyDigest: POLICY_DIGEST,
  at: new Date('2026-05-01T10:00:00Z'),
};

// The message of the INVALID_ARGUMENT the call throws: it starts with the field.
function refusedField(expected: unknown, attestor: unknown = human): string {
  try {
    verifyApproval({}, attestor as never, expected as ApprovalExpectation, { policy } as never);
  } catch (e) {
    if (e instanceof AttestError && e.code === 'INVALID_ARGUMENT') return e.message;
    throw e;
  }
  throw new Error('accepted');
}

describe('verifyApproval: a refused argument names its field', () => {
  test('an expectation with no digest to bind to names expected', () => {
    const { changeDigest: _, ...unbound } = valid as ApprovalExpectation & { changeDigest: string };
    expect(refusedField(unbound)).toMatch(/^expected /);
  });

  test.each([
    ['expected.taskId', { taskId: '' }],
    ['expected.tier', { tier: 't3' }],
    ['expected.policyDigest', { policyDigest: 'sha256:short' }],
    ['expected.changeDigest', { changeDigest: 'sha256:short' }],
    ['expected.imageDigest', { imageDigest: 'sha256:short' }],
    ['expected.repo', { repo: '' }],
    ['expected.at', { at: new Date('nope') }],
    ['expected.at', { at: new Date(-1) }],
  ])('%s (%j)', (field, change) => {
    expect(refusedField({ ...valid, ...change })).toMatch(new RegExp(`^${field.replace('.', '\\.')} `));
  });

  test('an attestor that is not an object names attestor', () => {
    expect(refusedField(valid, null)).toMatch(/^attestor /);
  });
});
