import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Change, canonicalDigest, type ReviewInput, type TaskSpec } from '@trustladder/core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { type ReviewPullRequestDocument, type ReviewTaskDocument, reviewGate } from './review-gate.js';
import { changeAt, defaultAttestors, REVIEW_POLICY, refusal, TASK_ID } from './testdata/fixtures.js';
import { loadTrustMaterial } from './trusted-root.js';

// reviewGate takes the generated ReviewInput's pr (with its change) and task for typed callers,
// as classify takes Change, and `unknown` for untrusted input; both are checked at run time.

const ROOT = join(import.meta.dirname, '../../..');
const options = () => ({
  attestors: defaultAttestors(),
  trust: loadTrustMaterial(
    JSON.parse(readFileSync(join(ROOT, 'examples/attestation/trusted-root.json'), 'utf8')),
  ),
  policy: REVIEW_POLICY,
});
const change: Change = changeAt('T1');
const task: ReviewInput['task'] = { id: TASK_ID, tier: 'T1' };
const pr: ReviewPullRequestDocument = {
  repo: 'acme/payments-api',
  changeDigest: canonicalDigest(change),
  change,
};

describe('reviewGate, typed', () => {
  test('takes the generated ReviewInput types: a typed T1 pull request passes on CI', () => {
    expect(reviewGate(pr, task, [], options()).decision).toBe('pass');
    expectTypeOf<ReviewTaskDocument>().toEqualTypeOf<ReviewInput['task']>();
    expectTypeOf<ReviewPullRequestDocument['change']>().toEqualTypeOf<Change>();
  });

  test('a status or tier outside the schemas does not compile, and still fails closed at run time', () => {
    const bogus = { files: [{ path: 'ui/a.ts', status: 'bogus' }] };
    // @ts-expect-error 'bogus' is not a file status of schemas/change.schema.json
    expect(() => reviewGate({ ...pr, change: bogus }, task, [], options())).toThrow();
    // @ts-expect-error 't3' is not a tier
    expect(refusal(() => reviewGate(pr, { id: TASK_ID, tier: 't3' }, [], options()))).toBe(
      'INVALID_ARGUMENT',
    );
    // A valid change whose status was widened to string: right at run time, refused at compile time.
    const widened = {
      ...pr,
      change: { ...change, files: [{ path: 'ui/session.ts', status: 'modified' as string }] },
    };
    // @ts-expect-error a status typed string is not a file status
    expect(reviewGate(widened, task, [], options()).decision).toBe('pass');
  });

  test('any TaskSpec is a task', () => {
    expectTypeOf<TaskSpec>().toExtend<ReviewTaskDocument>();
  });

  test('leaves the unknown entry point for untrusted input, which is checked the same', () => {
    const untrusted: unknown = JSON.parse(JSON.stringify(pr));
    const untrustedTask: unknown = JSON.parse('{"id":"x","tier":"T9"}');
    expect(reviewGate(untrusted, task, [], options()).decision).toBe('pass');
    expect(refusal(() => reviewGate(untrusted, untrustedTask, [], options()))).toBe('INVALID_ARGUMENT');
    const noChange: unknown = { repo: 'acme/payments-api', changeDigest: pr.changeDigest };
    expect(refusal(() => reviewGate(noChange, task, [], options()))).toBe('INVALID_ARGUMENT');
  });
});
