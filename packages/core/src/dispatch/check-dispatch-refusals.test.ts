import { describe, expect, test } from 'vitest';
import { loadBlastRadiusPolicy } from '../classify/index.js';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { TrustladderError } from '../errors.js';
import { type ApprovalVerifier, checkDispatch } from './check-dispatch.js';
import { ledgerWith, spec } from './testing/dispatch-fixtures.js';

// The dispatch gate's refusals that its scenario tests (dispatch.test.ts) leave open, found by
// mutation testing (docs/mutation-testing.md): the driver of T3 work when the co-signer is an
// agent, and the arguments the gate cannot judge.

const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
const human = {
  by: 'alice',
  at: '2026-04-16T17:00:00Z',
  evidence: 'https://github.com/acme/app/deployments/42',
};
const codes = (d: { reasons: readonly { code: string }[] }) => d.reasons.map((r) => r.code);
const verifiedAs =
  (approver: string): ApprovalVerifier =>
  () => ({ ok: true, approver });

describe('checkDispatch: the driver of T3 work', () => {
  const ledger = ledgerWith(['dev-e', 'docs-update', 'T2'], ['review-e', 'docs-update', 'T0']);
  const t3 = spec('T3', ['src/auth/session.ts']);

  test('a co-sign that verifies as an agent leaves no driver: driver_missing besides the refusals', () => {
    const byAgent = { ...t3, approvals: { cosign: { ...human, by: 'review-e' } } };
    const d = checkDispatch(byAgent, 'dev-e', { ledger, policy, verifyApproval: verifiedAs('review-e') });
    expect(d).toMatchObject({ allowed: false, driver: null, role: 'assist' });
    expect(codes(d)).toEqual(['approver_not_human', 'approver_not_human', 'driver_missing']);
  });

  test('a missing or unverified co-sign already says why there is no driver: no driver_missing', () => {
    expect(codes(checkDispatch(t3, 'dev-e', { ledger, policy }))).toEqual(['cosign_missing']);
    const unverified = { ...t3, approvals: { cosign: human } };
    expect(codes(checkDispatch(unverified, 'dev-e', { ledger, policy }))).toEqual(['approval_unverified']);
  });
});

describe('checkDispatch: arguments it cannot judge are INVALID_INPUT with pointers', () => {
  const ledger = ledgerWith(['dev-e', 'docs-update', 'T1']);
  const task = spec('T0', ['docs/guide.md']);
  const issuesOf = (run: () => unknown) => {
    try {
      run();
    } catch (e) {
      expect(e).toBeInstanceOf(TrustladderError);
      expect((e as TrustladderError).code).toBe('INVALID_INPUT');
      return (e as TrustladderError).issues.map((i) => [i.code, i.path]);
    }
    return expect.unreachable('no error');
  };

  test('an agent that is not a non-empty clean name', () => {
    expect(issuesOf(() => checkDispatch(task, 42 as never, { ledger }))).toEqual([['required', '/agent']]);
    expect(issuesOf(() => checkDispatch(task, '', { ledger }))).toEqual([['required', '/agent']]);
    expect(issuesOf(() => checkDispatch(task, 'dev-e\u202e', { ledger }))).toEqual([
      ['identifier_bidi', '/agent'],
    ]);
  });

  test('no ledger projection, or one without states or a ladder', () => {
    const want = [['required', '/context/ledger']];
    expect(issuesOf(() => checkDispatch(task, 'dev-e', undefined as never))).toEqual(want);
    expect(issuesOf(() => checkDispatch(task, 'dev-e', {} as never))).toEqual(want);
    const without = (drop: 'states' | 'ladder') => ({
      ledger: {
        ceilingOf: ledger.ceilingOf.bind(ledger),
        states: ledger.states.bind(ledger),
        ladder: ledger.ladder,
        [drop]: undefined,
      } as never,
    });
    expect(issuesOf(() => checkDispatch(task, 'dev-e', without('states')))).toEqual(want);
    expect(issuesOf(() => checkDispatch(task, 'dev-e', without('ladder')))).toEqual(want);
  });

  test('a verifier that is not a function', () => {
    expect(issuesOf(() => checkDispatch(task, 'dev-e', { ledger, verifyApproval: 'yes' as never }))).toEqual([
      ['type', '/context/verifyApproval'],
    ]);
  });

  test('a task that is not a TaskSpec is refused as the document "task"', () => {
    expect(() => checkDispatch({ ...task, tier: 'T9' } as never, 'dev-e', { ledger })).toThrow(
      TrustladderError,
    );
    try {
      checkDispatch({ ...task, tier: 'T9' } as never, 'dev-e', { ledger });
    } catch (e) {
      expect(e).toMatchObject({ code: 'INVALID_DOCUMENT', source: 'task' });
    }
  });
});
