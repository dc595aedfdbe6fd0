import { fc, test } from '@fast-check/vitest';
import { canonicalDigest, INTERFACE_APPROVAL_PREDICATE_TYPE } from '@trustladder/core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { isAttestError } from './errors.js';
import { type ReviewPullRequest, reviewGate } from './review-gate.js';
import { T3_CHANGE, T3_DIGEST } from './testdata/bundle-corpus.js';
import {
  approvalStatement,
  BUILD_SUBJECT,
  changeAt,
  defaultAttestors,
  GITHUB_ISSUER,
  INTERFACE_SUBJECT,
  REVIEW_POLICY,
  TASK_ID,
} from './testdata/fixtures.js';
import { createSigstoreWorld, type SigstoreWorld } from './testing/sigstore-world.js';
import { loadTrustMaterial } from './trusted-root.js';

// Every run verifies real signatures (tens of milliseconds each), so the default is modest;
// TRUSTLADDER_GATE_PROP_RUNS raises it for a long run.
const numRuns = Number(process.env.TRUSTLADDER_GATE_PROP_RUNS ?? 30);
const seed = Number(process.env.TRUSTLADDER_PROP_SEED ?? 20261122);
const hour = 3_600_000;

let world: SigstoreWorld;
let signedAt: number;
const bundles: Record<string, Record<string, unknown>> = {};

beforeAll(async () => {
  world = await createSigstoreWorld();
  signedAt = world.now().getTime();
  const t2 = (f: Parameters<typeof approvalStatement>[0] = {}) =>
    approvalStatement({
      tier: 'T2',
      predicateType: INTERFACE_APPROVAL_PREDICATE_TYPE,
      changeDigest: canonicalDigest(changeAt('T2')),
      policyDigest: REVIEW_POLICY.digest,
      ...f,
    });
  const sign = (subject: string, payload: object) => world.sign({ subject, issuer: GITHUB_ISSUER, payload });
  const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
  bundles.valid = await sign(INTERFACE_SUBJECT, t2());
  bundles.otherTask = await sign(INTERFACE_SUBJECT, t2({ taskId: 'task-other' }));
  bundles.byAgent = await sign(BUILD_SUBJECT, t2());
  bundles.expiring = await sign(INTERFACE_SUBJECT, t2({ expiresAt: iso(signedAt + 24 * hour) }));
  bundles.forT3Change = await sign(INTERFACE_SUBJECT, t2({ changeDigest: T3_DIGEST }));
}, 60_000);
afterAll(() => world.close());

interface Input {
  pr: Record<string, unknown>;
  task: Record<string, unknown>;
  attestations: unknown[];
  at: Date;
}

const t2Pr = () => ({
  repo: 'acme/payments-api',
  changeDigest: canonicalDigest(changeAt('T2')),
  change: changeAt('T2'),
});

// Inputs the gate refuses, each for another reason. None holds evidence that would make it
// pass, and no mutation adds any: a mutation may drop, swap, re-case, re-date or duplicate
// what is there, or put another change in place of the one changeDigest names (never both).
const REFUSED: Record<string, () => Input> = {
  'a T3 change called T2, with a T2 approval of it': () => ({
    pr: {
      repo: 'acme/payments-api',
      changeDigest: T3_DIGEST,
      change: T3_CHANGE,
      classification: { tier: 'T2', policy: { digest: REVIEW_POLICY.digest } },
    },
    task: { id: TASK_ID, tier: 'T2' },
    attestations: [bundles.forT3Change],
    at: new Date(signedAt + hour),
  }),
  'T2 with approvals of another task and by the agent': () => ({
    pr: t2Pr(),
    task: { id: TASK_ID, tier: 'T2' },
    attestations: [bundles.otherTask, bundles.byAgent],
    at: new Date(signedAt + hour),
  }),
  'T2 with an expired approval': () => ({
    pr: t2Pr(),
    task: { id: TASK_ID, tier: 'T2' },
    attestations: [bundles.expiring],
    at: new Date(signedAt + 48 * hour),
  }),
  'a T2 change of a T1 task': () => ({
    pr: t2Pr(),
    task: { id: TASK_ID, tier: 'T1' },
    attestations: [bundles.valid],
    at: new Date(signedAt + hour),
  }),
  'T2 whose change is not the one under review': () => ({
    pr: { ...t2Pr(), change: changeAt('T1') },
    task: { id: TASK_ID, tier: 'T2' },
    attestations: [bundles.valid],
    at: new Date(signedAt + hour),
  }),
};

type Mutation = (input: Input) => void;
const anyTier = fc.constantFrom<unknown>('T0', 'T1', 'T2', 'T3', 't3', 't2', '', undefined, 3);
// A task re-declared at a higher tier is another task (its approvals then speak for it), so a
// task's tier is only ever lowered or broken.
const lowerTier = fc.constantFrom<unknown>('T0', 'T1', 't3', 't2', '', undefined, 3);
const recase = fc.constantFrom(
  (s: string) => s.toUpperCase(),
  (s: string) => s.toLowerCase(),
  (s: string) => ` ${s}`,
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom<keyof ReviewPullRequest>('repo', 'changeDigest', 'change', 'classification').map(
    (field): Mutation =>
      (i) => {
        delete i.pr[field];
      },
  ),
  fc.constantFrom('id', 'tier').map(
    (field): Mutation =>
      (i) => {
        delete i.task[field];
      },
  ),
  lowerTier.map(
    (tier): Mutation =>
      (i) => {
        i.task.tier = tier;
      },
  ),
  anyTier.map(
    (tier): Mutation =>
      (i) => {
        i.pr.classification = { tier, policy: { digest: REVIEW_POLICY.digest } };
      },
  ),
  recase.map(
    (f): Mutation =>
      (i) => {
        i.task.id = f(String(i.task.id));
      },
  ),
  recase.map(
    (f): Mutation =>
      (i) => {
        i.pr.repo = f(String(i.pr.repo));
      },
  ),
  fc.constantFrom<'T0' | 'T1'>('T0', 'T1').map(
    (tier): Mutation =>
      (i) => {
        i.pr.change = changeAt(tier);
      },
  ),
  fc.integer({ min: -240, max: 240 }).map(
    (hours): Mutation =>
      (i) => {
        i.at = new Date(signedAt + hours * hour);
      },
  ),
  fc.constant<Mutation>((i) => {
    i.at = new Date('nope');
  }),
  fc.constant<Mutation>((i) => {
    i.attestations = [...i.attestations, ...i.attestations];
  }),
  fc.constant<Mutation>((i) => {
    i.attestations = [...i.attestations].reverse();
  }),
  fc.constant<Mutation>((i) => {
    [i.pr.repo, i.task.id] = [i.task.id, i.pr.repo];
  }),
);

describe('reviewGate: mutations never turn a refusal into a pass', () => {
  test.prop([fc.constantFrom(...Object.keys(REFUSED)), fc.array(mutation, { minLength: 1, maxLength: 4 })], {
    numRuns,
    seed,
  })(
    'a refused review input stays refused under mutation',
    (name, mutations) => {
      const make = REFUSED[name] as () => Input;
      const baseline = make();
      const run = (i: Input) =>
        reviewGate(i.pr as unknown, i.task as unknown, i.attestations, {
          attestors: defaultAttestors(),
          trust: loadTrustMaterial(world.trustedRoot),
          policy: REVIEW_POLICY,
          at: i.at,
        });
      expect(run(baseline).decision).not.toBe('pass');
      const input = structuredClone({ ...baseline, at: baseline.at.getTime() }) as unknown as Input & {
        at: number;
      };
      const mutated: Input = { ...input, at: new Date(input.at) };
      for (const m of mutations) m(mutated);
      let decision: string;
      try {
        decision = run(mutated).decision;
      } catch (e) {
        // Refusing the arguments is a refusal too; anything else would be a bug.
        if (isAttestError(e) || (e as { name?: string }).name === 'TrustladderError') return;
        throw e;
      }
      expect(decision).not.toBe('pass');
    },
    numRuns * 2_000,
  );
});
