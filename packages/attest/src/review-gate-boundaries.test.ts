import { canonicalDigest, INTERFACE_APPROVAL_PREDICATE_TYPE, TrustladderError } from '@trustladder/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AttestError } from './errors.js';
import { type ReviewGateOptions, type ReviewPullRequest, reviewGate } from './review-gate.js';
import {
  approvalStatement,
  changeAt,
  defaultAttestors,
  GITHUB_ISSUER,
  INTERFACE_SUBJECT,
  REVIEW_POLICY,
  TASK_ID,
} from './testdata/fixtures.js';
import { createSigstoreWorld, type SigstoreWorld } from './testing/sigstore-world.js';
import { loadTrustMaterial } from './trusted-root.js';

// The review gate's edges that its scenario tests (review-gate.test.ts) leave open, found by
// mutation testing (docs/mutation-testing.md): below T2 attestations are not judged at all,
// a passing T2 is not "CI only", verification thresholds reach the verifier, and every
// refused argument names its field.

// These tests probe the untrusted entry point: arguments arrive as `unknown`, as from a caller
// that has not validated them.
const gate = reviewGate as (
  pr: unknown,
  task: unknown,
  attestations: readonly unknown[],
  options: ReviewGateOptions,
) => ReturnType<typeof reviewGate>;

type T = 'T0' | 'T1' | 'T2' | 'T3';
const hour = 3_600_000;
let world: SigstoreWorld;
let signedAt: number;
let t2Approval: Record<string, unknown>;

beforeAll(async () => {
  world = await createSigstoreWorld();
  signedAt = world.now().getTime();
  t2Approval = await world.sign({
    subject: INTERFACE_SUBJECT,
    issuer: GITHUB_ISSUER,
    payload: approvalStatement({
      tier: 'T2',
      predicateType: INTERFACE_APPROVAL_PREDICATE_TYPE,
      changeDigest: canonicalDigest(changeAt('T2')),
      policyDigest: REVIEW_POLICY.digest,
    }),
  });
}, 60_000);
afterAll(() => world.close());

const pr = (tier: T, extra: Partial<ReviewPullRequest> = {}): ReviewPullRequest => ({
  repo: 'acme/payments-api',
  changeDigest: canonicalDigest(changeAt(tier)),
  change: changeAt(tier),
  ...extra,
});
const task = (tier: T) => ({ id: TASK_ID, tier });
const options = (extra: Partial<ReviewGateOptions> = {}): ReviewGateOptions => ({
  attestors: defaultAttestors(),
  trust: loadTrustMaterial(world.trustedRoot),
  policy: REVIEW_POLICY,
  at: new Date(signedAt + hour),
  ...extra,
});
const codes = (r: { reasons: readonly { code: string }[] }) => r.reasons.map((x) => x.code);

/** The message of the INVALID_ARGUMENT a call throws (it names the field first). */
function invalidArgument(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(AttestError);
    expect((e as AttestError).code).toBe('INVALID_ARGUMENT');
    return (e as AttestError).message;
  }
  return expect.unreachable('no error');
}

describe('reviewGate: what each tier judges', () => {
  test('below T2 attestations are not judged: none is verified or refused', () => {
    const r = gate(pr('T1'), task('T1'), [t2Approval, { not: 'a bundle' }], options());
    expect(r).toMatchObject({ decision: 'pass', approvals: [], refused: [] });
    expect(codes(r)).toEqual(['ci-only']);
  });

  test('a passing T2 rests on its verified approval, not on CI alone', () => {
    const r = gate(pr('T2'), task('T2'), [t2Approval], options());
    expect(r.decision).toBe('pass');
    expect(codes(r)).toEqual(['approval-verified']);
  });

  test('the verification thresholds reach the verifier: one it cannot meet refuses the approval', () => {
    const r = gate(pr('T2'), task('T2'), [t2Approval], options({ thresholds: { timestamp: 3 } }));
    expect(r.decision).toBe('block');
    expect(r.refused.map((x) => x.code)).toEqual(['TIMESTAMP_UNVERIFIED']);
  });
});

describe('reviewGate: a refused argument names its field', () => {
  test('the pull request, its change and the stated classification', () => {
    expect(invalidArgument(() => gate(null as never, task('T1'), [], options()))).toMatch(/^pr /);
    expect(
      invalidArgument(() => gate({ ...pr('T1'), change: undefined }, task('T1'), [], options())),
    ).toMatch(/^pr\.change /);
    const tier = { classification: { tier: 't1', policy: { digest: REVIEW_POLICY.digest } } } as never;
    expect(invalidArgument(() => gate(pr('T1', tier), task('T1'), [], options()))).toMatch(
      /^pr\.classification\.tier /,
    );
    const policy = { classification: { tier: 'T1', policy: 'default' } } as never;
    expect(invalidArgument(() => gate(pr('T1', policy), task('T1'), [], options()))).toMatch(
      /^pr\.classification\.policy /,
    );
  });

  test('the repository, the change digest and the time to judge at', () => {
    expect(invalidArgument(() => gate(pr('T1', { repo: '' }), task('T1'), [], options()))).toMatch(
      /^pr\.repo /,
    );
    expect(
      invalidArgument(() => gate(pr('T1', { changeDigest: 'sha256:short' }), task('T1'), [], options())),
    ).toMatch(/^pr\.changeDigest /);
    expect(invalidArgument(() => gate(pr('T1'), task('T1'), [], options({ at: new Date('nope') })))).toMatch(
      /^options\.at /,
    );
  });

  test('the task and the options', () => {
    const call = (t: unknown, o: unknown) => () => gate(pr('T1'), t as never, [], o as never);
    expect(invalidArgument(call(null, options()))).toMatch(/^task /);
    expect(invalidArgument(call({ id: '', tier: 'T1' }, options()))).toMatch(/^task\.id /);
    expect(invalidArgument(call({ id: TASK_ID, tier: 't1' }, options()))).toMatch(/^task\.tier /);
    expect(invalidArgument(call(task('T1'), null))).toMatch(/^options /);
    expect(invalidArgument(call(task('T1'), options({ attestors: null as never })))).toMatch(
      /^options\.attestors /,
    );
    expect(invalidArgument(call(task('T1'), options({ attestors: {} as never })))).toMatch(
      /^options\.attestors /,
    );
  });

  test('the trust material and the policy', () => {
    const call = (o: unknown) => () => gate(pr('T1'), task('T1'), [], o as never);
    expect(invalidArgument(call({ ...options(), trust: null }))).toMatch(/^options\.trust /);
    expect(invalidArgument(call({ ...options(), policy: null }))).toMatch(/^options\.policy /);
    const policy = { ...REVIEW_POLICY, digest: 'sha256:short' };
    expect(invalidArgument(call({ ...options(), policy }))).toMatch(/^options\.policy\.digest /);
  });

  test('a change that holds the same object twice is refused at the pointer of the second', () => {
    const shared = { note: 'x' };
    const change = { ...changeAt('T1'), a: shared, b: shared };
    expect(
      invalidArgument(() =>
        gate(pr('T1', { change, changeDigest: REVIEW_POLICY.digest }), task('T1'), [], options()),
      ),
    ).toMatch(/^pr\.change\/[ab] JSON aliases/);
  });

  test('attestations that are not a list, and a policy that is not compiled', () => {
    expect(invalidArgument(() => gate(pr('T1'), task('T1'), {} as never, options()))).toMatch(
      /^attestations /,
    );
    const uncompiled = { digest: REVIEW_POLICY.digest, name: 'x' } as never;
    expect(invalidArgument(() => gate(pr('T1'), task('T1'), [], options({ policy: uncompiled })))).toMatch(
      /^options\.policy /,
    );
  });

  test('a change the classifier refuses is reported as the document pr.change', () => {
    const change = { repo: 'acme/payments-api', files: 'not a list' };
    let e: unknown;
    try {
      gate(pr('T1', { change, changeDigest: canonicalDigest(change) }), task('T1'), [], options());
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(TrustladderError);
    expect(e).toMatchObject({ source: 'pr.change' });
  });
});

describe('reviewGate: the change and the pull request name one repository', () => {
  test("a change that names no repository is judged as the pull request's", () => {
    const { repo: _, ...change } = changeAt('T1');
    const r = gate(pr('T1', { change, changeDigest: canonicalDigest(change) }), task('T1'), [], options());
    expect(codes(r)).not.toContain('repo-mismatch');
    expect(r.decision).toBe('pass');
  });

  test('a change of another repository blocks', () => {
    const change = changeAt('T1', 'acme/other');
    const r = gate(pr('T1', { change, changeDigest: canonicalDigest(change) }), task('T1'), [], options());
    expect(codes(r)).toContain('repo-mismatch');
    expect(r.decision).toBe('block');
  });
});
