import {
  type CompiledAttestorPolicy,
  canonicalDigest,
  DEFAULT_POLICY_TEXTS,
  INTERFACE_APPROVAL_PREDICATE_TYPE,
  loadAttestorPolicy,
  loadBlastRadiusPolicy,
} from '@trustladder/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ReviewGateOptions, type ReviewPullRequestDocument, reviewGate } from './review-gate.js';
import { CORPUS, T3_CHANGE, T3_DIGEST, t3Statement } from './testdata/bundle-corpus.js';
import {
  approvalStatement,
  BUILD_SUBJECT,
  changeAt,
  defaultAttestors,
  GITHUB_ISSUER,
  HUMAN_SUBJECT,
  INTERFACE_SUBJECT,
  REVIEW_POLICY,
  REVIEW_POLICY_TEXT,
  refusal,
  TASK_ID,
} from './testdata/fixtures.js';
import { createSigstoreWorld, type SigstoreWorld } from './testing/sigstore-world.js';
import { loadTrustMaterial } from './trusted-root.js';

type T = 'T0' | 'T1' | 'T2' | 'T3';
const IFACE = INTERFACE_APPROVAL_PREDICATE_TYPE;
const T2_DIGEST = canonicalDigest(changeAt('T2'));
const hour = 3_600_000;
let world: SigstoreWorld;
let policy: CompiledAttestorPolicy;
let signedAt: number;
let t2Approval: Record<string, unknown>;
let t2ByAgent: Record<string, unknown>;
let t2OtherTask: Record<string, unknown>;
let t2Expiring: Record<string, unknown>;
let t2CoSign: Record<string, unknown>;
let t2ForT3Change: Record<string, unknown>;
let t3CoSign: Record<string, unknown>;
const corpus: Array<{ name: string; code: string; bundle: Record<string, unknown> }> = [];

const t2 = (f: Parameters<typeof approvalStatement>[0] = {}) =>
  approvalStatement({
    tier: 'T2',
    predicateType: IFACE,
    changeDigest: T2_DIGEST,
    policyDigest: REVIEW_POLICY.digest,
    ...f,
  });

beforeAll(async () => {
  world = await createSigstoreWorld();
  signedAt = world.now().getTime();
  policy = defaultAttestors();
  const sign = (subject: string, payload: object) => world.sign({ subject, issuer: GITHUB_ISSUER, payload });
  t2Approval = await sign(INTERFACE_SUBJECT, t2());
  t2ByAgent = await sign(BUILD_SUBJECT, t2());
  t2OtherTask = await sign(INTERFACE_SUBJECT, t2({ taskId: 'task-other' }));
  t2Expiring = await sign(
    INTERFACE_SUBJECT,
    t2({ expiresAt: `${new Date(signedAt + 24 * hour).toISOString().slice(0, 19)}Z` }),
  );
  t2CoSign = await sign(
    HUMAN_SUBJECT,
    t2({ predicateType: 'https://trustladder.dev/attestations/approval/v1' }),
  );
  t2ForT3Change = await sign(INTERFACE_SUBJECT, t2({ changeDigest: T3_DIGEST }));
  t3CoSign = await sign(HUMAN_SUBJECT, t3Statement());
  for (const entry of CORPUS)
    corpus.push({ name: entry.name, code: entry.code, bundle: await entry.make(world) });
}, 60_000);
afterAll(() => world.close());

const pr = (tier: T, extra: Partial<ReviewPullRequestDocument> = {}): ReviewPullRequestDocument => ({
  repo: 'acme/payments-api',
  number: 42,
  changeDigest: canonicalDigest(changeAt(tier)),
  change: changeAt(tier),
  ...extra,
});
const task = (tier: T) => ({ id: TASK_ID, tier, repo: 'acme/payments-api' });
const options = (extra: Partial<ReviewGateOptions> = {}): ReviewGateOptions => ({
  attestors: policy,
  trust: loadTrustMaterial(world.trustedRoot),
  policy: REVIEW_POLICY,
  at: new Date(signedAt + hour),
  ...extra,
});
const codes = (r: { reasons: readonly { code: string }[] }) => r.reasons.map((x) => x.code);

describe('reviewGate: tiers', () => {
  test('T0 and T1 pass on CI alone', () => {
    for (const tier of ['T0', 'T1'] as const) {
      const r = reviewGate(pr(tier), task(tier), [], options());
      expect(r.decision).toBe('pass');
      expect(codes(r)).toEqual(['ci-only']);
    }
  });

  test('T2 passes with a verified interface approval bound to the change', () => {
    const r = reviewGate(pr('T2'), task('T2'), [t2Approval], options());
    expect(r.decision).toBe('pass');
    expect(r.approvals).toEqual([
      {
        attestor: 'interface-approval',
        approver: 'alice',
        identity: { issuer: GITHUB_ISSUER, subject: INTERFACE_SUBJECT },
      },
    ]);
  });

  test('T2 is blocked without an approval', () => {
    const r = reviewGate(pr('T2'), task('T2'), [], options());
    expect(r.decision).toBe('block');
    expect(r.reasons).toEqual([
      expect.objectContaining({ code: 'approval-missing', attestor: 'interface-approval' }),
    ]);
  });

  test("T2 is blocked when the only approval is signed by the agent's identity or names another task", () => {
    const r = reviewGate(pr('T2'), task('T2'), [t2ByAgent, t2OtherTask], options());
    expect(r.decision).toBe('block');
    expect(r.refused.map((x) => [x.index, x.code])).toEqual([
      [0, 'SUBJECT_MISMATCH'],
      [1, 'TASK_MISMATCH'],
    ]);
  });

  test('T3 never passes, even with a verified human co-sign: it goes to a human', () => {
    const r = reviewGate(pr('T3'), task('T3'), [t3CoSign], options());
    expect(r.decision).toBe('human');
    expect(codes(r)).toEqual(['approval-verified', 'human-required']);
    expect(reviewGate(pr('T3'), task('T3'), [], options()).decision).toBe('human');
  });

  test('a change above its task blocks, T3 included: the work was dispatched at the wrong tier', () => {
    const r = reviewGate(pr('T2'), task('T1'), [t2Approval], options());
    expect(r).toMatchObject({ tier: 'T2', decision: 'block' });
    expect(codes(r)[0]).toBe('tier-exceeded');
    const t3 = reviewGate(pr('T3'), task('T2'), [t3CoSign], options());
    expect(t3).toMatchObject({ tier: 'T3', decision: 'block' });
    expect(codes(t3)).toEqual(['tier-exceeded', 'approval-verified']);
  });

  test('a task declared above its change is reviewed at the task tier', () => {
    const r = reviewGate(pr('T1'), task('T3'), [], options());
    expect(r.tier).toBe('T3');
    expect(r.decision).toBe('human');
  });
});

describe('reviewGate: it classifies the change itself', () => {
  test('a T3 change called T2, with a valid T2 interface approval of that change, is blocked', () => {
    const lie = pr('T3', { classification: { tier: 'T2', policy: { digest: REVIEW_POLICY.digest } } });
    const r = reviewGate(lie, task('T2'), [t2ForT3Change], options());
    expect(r).toMatchObject({ decision: 'block', tier: 'T3', classification: { tier: 'T3' } });
    expect(codes(r)).toEqual(['classification-mismatch', 'tier-exceeded', 'approval-missing']);
  });

  test('a stated classification that agrees passes the cross-check; one under another policy blocks', () => {
    const agrees = pr('T2', { classification: { tier: 'T2', policy: { digest: REVIEW_POLICY.digest } } });
    expect(reviewGate(agrees, task('T2'), [t2Approval], options()).decision).toBe('pass');
    const other = pr('T2', {
      classification: { tier: 'T2', policy: { digest: `sha256:${'9'.repeat(64)}` } },
    });
    expect(codes(reviewGate(other, task('T2'), [t2Approval], options()))).toContain(
      'classification-mismatch',
    );
  });

  test('a change that is not the one changeDigest names blocks, whatever it classifies as', () => {
    const swapped = pr('T2', { change: changeAt('T1') });
    const r = reviewGate(swapped, task('T2'), [t2Approval], options());
    expect(r.decision).toBe('block');
    expect(codes(r)[0]).toBe('change-digest-mismatch');
  });

  test('a change in another repository than the pull request blocks', () => {
    const change = changeAt('T2', 'acme/other-repo');
    const r = reviewGate(
      pr('T2', { change, changeDigest: canonicalDigest(change) }),
      task('T2'),
      [],
      options(),
    );
    expect(codes(r)[0]).toBe('repo-mismatch');
    expect(r.decision).toBe('block');
  });

  test('approvals must name the digest of the policy the gate classified under', () => {
    const policyOfApproval = reviewGate(pr('T2'), task('T2'), [t2Approval], options());
    expect(policyOfApproval.classification.policy.digest).toBe(REVIEW_POLICY.digest);
    const other = loadBlastRadiusPolicy(REVIEW_POLICY_TEXT.replace('gate-tests', 'gate-tests-v2'));
    const r = reviewGate(pr('T2'), task('T2'), [t2Approval], options({ policy: other }));
    expect(r.refused.map((x) => x.code)).toEqual(['POLICY_DIGEST_MISMATCH']);
  });
});

describe('reviewGate: approvals count once, each for its own attestor', () => {
  test('the same bundle given twice is listed once; the second is refused as a duplicate', () => {
    const r = reviewGate(pr('T2'), task('T2'), [t2Approval, structuredClone(t2Approval)], options());
    expect(r.approvals).toHaveLength(1);
    expect(r.refused.map((x) => [x.index, x.code])).toEqual([[1, 'DUPLICATE_ATTESTATION']]);
  });

  const twoHumans = () =>
    loadAttestorPolicy(
      DEFAULT_POLICY_TEXTS.attestors.replace(
        'require: [agent-build, interface-approval] }',
        'require: [agent-build, interface-approval, human-approval] }',
      ),
      { source: 'two-humans.yaml' },
    );

  test('when a tier requires two human attestors, one verified approval satisfies only its own', () => {
    const attestors = twoHumans();
    expect(attestors.tier('T2')?.require.map((a) => a.name)).toEqual([
      'agent-build',
      'interface-approval',
      'human-approval',
    ]);
    const one = reviewGate(pr('T2'), task('T2'), [t2Approval], options({ attestors }));
    expect(one.decision).toBe('block');
    expect(one.reasons.map((x) => [x.code, x.attestor])).toEqual([
      ['approval-verified', 'interface-approval'],
      ['approval-missing', 'human-approval'],
    ]);
    const both = reviewGate(pr('T2'), task('T2'), [t2Approval, t2CoSign], options({ attestors }));
    expect(both.decision).toBe('pass');
  });

  test('a bundle no attestor accepts keeps the most informative refusal, not an identity mismatch', () => {
    const attestors = twoHumans();
    const r = reviewGate(pr('T2'), task('T2'), [t2OtherTask, t2ByAgent], options({ attestors }));
    expect(r.refused.map((x) => x.code)).toEqual(['TASK_MISMATCH', 'SUBJECT_MISMATCH']);
  });

  test('a bug in a verifier surfaces as an error, never as a refusal', () => {
    const broken = {
      ...policy,
      attestor: policy.attestor.bind(policy),
      tier: (t: T) => {
        const requirement = policy.tier(t);
        return (
          requirement && {
            ...requirement,
            require: requirement.require.map((a) =>
              a.role === 'human'
                ? {
                    ...a,
                    identity: {
                      ...a.identity,
                      matchesIssuer: () => {
                        throw new TypeError('a bug');
                      },
                    },
                  }
                : a,
            ),
          }
        );
      },
    } as CompiledAttestorPolicy;
    expect(() => reviewGate(pr('T2'), task('T2'), [t2Approval], options({ attestors: broken }))).toThrow(
      TypeError,
    );
  });
});

describe('reviewGate: time', () => {
  test('an audit as of a chosen time says so, and judges expiry at that time, not the clock', () => {
    const now = reviewGate(pr('T2'), task('T2'), [t2Expiring], options({ at: new Date(signedAt + hour) }));
    expect(now).toMatchObject({ decision: 'pass', asOf: true, at: new Date(signedAt + hour).toISOString() });
    const later = reviewGate(
      pr('T2'),
      task('T2'),
      [t2Expiring],
      options({ at: new Date(signedAt + 48 * hour) }),
    );
    expect(later.decision).toBe('block');
    expect(later.refused.map((x) => x.code)).toEqual(['APPROVAL_EXPIRED']);
  });

  test('without a time the gate judges at the clock and says so', () => {
    const { at: _, ...clock } = options();
    const r = reviewGate(pr('T2'), task('T2'), [t2Approval], clock);
    expect(r.asOf).toBe(false);
    expect(Math.abs(Date.parse(r.at) - Date.now())).toBeLessThan(60_000);
  });

  test('a time before the signature cannot revive an expired approval', () => {
    const before = reviewGate(pr('T2'), task('T2'), [t2Expiring], options({ at: new Date(signedAt - hour) }));
    expect(before.decision).toBe('block');
    expect(before.refused.map((x) => x.code)).toEqual(['EVALUATED_BEFORE_SIGNING']);
  });
});

describe('reviewGate: arguments fail closed', () => {
  const bad: Array<[string, () => unknown]> = [
    [
      'no changeDigest',
      () => reviewGate({ ...pr('T2'), changeDigest: undefined } as never, task('T2'), [], options()),
    ],
    ['no change', () => reviewGate({ ...pr('T2'), change: undefined } as never, task('T2'), [], options())],
    ['a tier of t3', () => reviewGate(pr('T1'), { id: TASK_ID, tier: 't3' } as never, [], options())],
    ['no tier', () => reviewGate(pr('T1'), { id: TASK_ID } as never, [], options())],
    ['an invalid Date', () => reviewGate(pr('T1'), task('T1'), [], options({ at: new Date('nope') }))],
    ['no policy', () => reviewGate(pr('T1'), task('T1'), [], { ...options(), policy: undefined } as never)],
    ['attestations not a list', () => reviewGate(pr('T1'), task('T1'), {} as never, options())],
    [
      'a change nested 100,000 deep',
      () => {
        let deep: unknown = 1;
        for (let i = 0; i < 100_000; i++) deep = [deep];
        return reviewGate(pr('T1', { change: { files: [], x: deep } as never }), task('T1'), [], options());
      },
    ],
  ];
  test.each(bad)('%s is INVALID_ARGUMENT', (_, run) => {
    expect(refusal(run)).toBe('INVALID_ARGUMENT');
  });
});

describe('reviewGate: the corpus of forged, replayed, mismatched and malformed bundles', () => {
  test('each is refused with its own code; the valid co-sign among them verifies once', () => {
    const bundles = [t3CoSign, ...corpus.map((c) => c.bundle), t3CoSign];
    const r = reviewGate(
      pr('T3', { change: T3_CHANGE, changeDigest: T3_DIGEST }),
      task('T3'),
      bundles,
      options(),
    );
    expect(r.approvals).toHaveLength(1);
    expect(r.refused.map((x) => [x.index, x.code])).toEqual([
      ...corpus.map((c, i) => [i + 1, c.code]),
      [corpus.length + 1, 'DUPLICATE_ATTESTATION'],
    ]);
    expect(r.decision).toBe('human');
  });
});
