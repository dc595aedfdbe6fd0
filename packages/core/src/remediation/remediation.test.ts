import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { TrustladderError } from '../errors.js';
import { validateEvent } from '../ladder/validate-event.js';
import { remediationLadderView } from './ladder-view.js';
import { validateRemediationRequest } from './remediation-request.js';
import { graduationReport, RemediationState } from './remediation-state.js';
import {
  decided,
  LADDER_YAML,
  request,
  requested,
  starterPolicy,
  submit,
  testLadder,
} from './testing/remediation-fixtures.js';

function loadError(yaml: string): TrustladderError {
  try {
    testLadder(yaml);
  } catch (e) {
    if (e instanceof TrustladderError) return e;
    throw e;
  }
  throw new Error('loaded');
}

const ROOT = join(import.meta.dirname, '../../../..');

describe('the shipped files', () => {
  test('policies/remediation-ladder.yaml loads and is the embedded default', () => {
    const text = readFileSync(join(ROOT, 'policies/remediation-ladder.yaml'), 'utf8');
    expect(DEFAULT_POLICY_TEXTS['remediation-ladder']).toBe(text);
    expect(text.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../schemas/remediation-ladder.schema.json',
    );
    expect(testLadder(text).agent).toBe('kubernaut');
  });

  test('every example request is a valid request', () => {
    const dir = join(ROOT, 'examples/remediation');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files)
      expect(validateRemediationRequest(JSON.parse(readFileSync(join(dir, f), 'utf8'))).ok).toBe(true);
  });
});

describe('loadRemediationLadder', () => {
  test('a hold period below 5m or above 168h is a configuration error', () => {
    for (const hold of ['4m', '299s', '169h', '8d']) {
      const e = loadError(LADDER_YAML.replace('holdPeriod: 1h', `holdPeriod: ${hold}`));
      expect(e.code).toBe('INVALID_DOCUMENT');
      expect(e.issues.map((i) => [i.code, i.path])).toEqual([['duration_out_of_range', '/holdPeriod']]);
    }
    expect(testLadder(LADDER_YAML.replace('holdPeriod: 1h', 'holdPeriod: 5m')).holdUs).toBe(300_000_000);
    expect(testLadder(LADDER_YAML.replace('holdPeriod: 1h', 'holdPeriod: 168h')).holdUs).toBe(
      168 * 3_600_000_000,
    );
  });

  test('the hold period defaults to 1h and the approval expiry to 15m', () => {
    const l = testLadder(
      '{apiVersion: trustladder.dev/v1, kind: RemediationLadder, metadata: {name: x}, agent: k, workflows: []}',
    );
    expect(l.holdUs).toBe(3_600_000_000);
    expect(l.defaultExpiryUs).toBe(15 * 60_000_000);
    expect(l.defaultLevel).toBe('observe');
  });

  test('a bad level and two entries for one scope are reported with their pointers', () => {
    const e = loadError(
      `${LADDER_YAML}  - { workflow: restart-pod-v1, environment: STAGING, level: observe }\n  - { workflow: x, level: yolo }\n`,
    );
    expect(e.code).toBe('INVALID_DOCUMENT');
    expect(e.issues.map((i) => i.path)).toContain('/workflows/8/level');
    const dup = loadError(
      `${LADDER_YAML}  - { workflow: restart-pod-v1, environment: STAGING, level: observe }\n`,
    );
    expect(dup.issues.map((i) => [i.code, i.path])).toEqual([['duplicate_scope', '/workflows/7']]);
  });
});

describe('decide: exactly one outcome', () => {
  const ladder = testLadder();

  test('the most specific entry wins', () => {
    const s = new RemediationState(ladder);
    const at = (ns: string, env: string) =>
      s.decide(
        request({ target: { kind: 'Deployment', name: 'a', namespace: ns }, environment: env }),
        starterPolicy,
      ).scope;
    expect(at('shop', 'production')).toBe('restart-pod-v1');
    expect(at('shop', 'staging')).toBe('restart-pod-v1/env=staging');
    expect(at('payments', 'production')).toBe('restart-pod-v1/ns=payments');
    expect(at('payments', 'STAGING')).toBe('restart-pod-v1/ns=payments/env=staging');
    expect(s.decide(request({ workflow: 'unknown-v9' }), starterPolicy)).toMatchObject({
      scope: 'default',
      level: 'observe',
      outcome: 'DryRun',
    });
  });

  test('a failed or missing alignment check requires manual review whatever the level says', () => {
    const s = new RemediationState(ladder);
    const staging = { environment: 'staging' } as const;
    expect(s.decide(request({ ...staging, alignment: 'misaligned' }), starterPolicy).outcome).toBe(
      'ManualReviewRequired',
    );
    const { alignment: _, ...noVerdict } = request(staging);
    expect(s.decide(noVerdict, starterPolicy).outcome).toBe('ManualReviewRequired');
    expect(s.decide(request(staging), starterPolicy).outcome).toBe('Execute');
  });

  test('observe dry-runs, and the fingerprint is suppressed for the hold period only', () => {
    const s = new RemediationState(ladder);
    const d = submit(s, request({ workflow: 'unknown-v9' }));
    expect(d).toMatchObject({ outcome: 'DryRun', suppressedUntil: '2026-05-01T11:00:00Z' });
    const again = s.decide(
      request({ requestId: 'r2', at: '2026-05-01T10:59:59Z', environment: 'staging' }),
      starterPolicy,
    );
    expect(again).toMatchObject({ outcome: 'Suppressed', suppressedUntil: '2026-05-01T11:00:00Z' });
    expect(
      s.decide(
        request({ requestId: 'r3', at: '2026-05-01T11:00:00Z', environment: 'staging' }),
        starterPolicy,
      ).outcome,
    ).toBe('Execute');
    expect(
      s.decide(
        request({
          requestId: 'r4',
          at: '2026-05-01T10:30:00Z',
          fingerprint: 'other',
          environment: 'staging',
        }),
        starterPolicy,
      ).outcome,
    ).toBe('Execute');
  });

  test('selective executes graduated workflows (the policy still gates them) and dry-runs the rest', () => {
    const s = new RemediationState(ladder);
    expect(s.decide(request({ workflow: 'scale-v1', environment: 'staging' }), starterPolicy).outcome).toBe(
      'DryRun',
    );
    expect(
      s.decide(request({ workflow: 'rollback-v1', environment: 'staging' }), starterPolicy).outcome,
    ).toBe('Execute');
    expect(s.decide(request({ workflow: 'rollback-v1' }), starterPolicy).outcome).toBe('AwaitingApproval');
  });

  test('at approve the policy decides; with no policy answer approval is required', () => {
    const s = new RemediationState(ladder);
    expect(s.decide(request(), starterPolicy)).toMatchObject({
      outcome: 'AwaitingApproval',
      approval: { requireApproval: true },
    });
    expect(s.decide(request({ environment: 'qa' }), starterPolicy)).toMatchObject({ outcome: 'Execute' });
    expect(s.decide(request({ environment: 'qa' })).outcome).toBe('AwaitingApproval');
    const throwing = {
      evaluate: () => {
        throw new Error('wasm trap');
      },
    };
    expect(s.decide(request({ environment: 'qa' }), throwing).outcome).toBe('AwaitingApproval');
  });

  test('the approval expiry comes from the request, then the entry, then the namespace, then 15m', () => {
    const s = new RemediationState(ladder);
    const pay = { target: { kind: 'Deployment', name: 'a', namespace: 'payments' } };
    expect(s.decide(request({ ...pay, approvalExpiry: '5m' }), starterPolicy).expiresAt).toBe(
      '2026-05-01T10:05:00Z',
    );
    expect(s.decide(request(pay), starterPolicy).expiresAt).toBe('2026-05-01T10:20:00Z');
    expect(s.decide(request({ ...pay, workflow: 'rollback-v1' }), starterPolicy).expiresAt).toBe(
      '2026-05-01T10:30:00Z',
    );
    expect(s.decide(request(), starterPolicy).expiresAt).toBe('2026-05-01T10:15:00Z');
  });

  test('a per-request expiry outside 1m..168h is refused', () => {
    const r = validateRemediationRequest({ ...request(), approvalExpiry: '30s' });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => [i.code, i.path])).toEqual([['duration_out_of_range', '/approvalExpiry']]);
  });
});

describe('approval requests end exactly once', () => {
  const ladder = testLadder();

  test('approved before expiry: executed, with the approver and the override recorded', () => {
    const s = new RemediationState(ladder);
    submit(s, request());
    s.apply({
      ...decided('r1', 'Approved', '2026-05-01T10:05:00Z'),
      override: { workflow: 'rollback-v1' },
    } as never);
    expect(s.request('r1')).toMatchObject({
      executed: true,
      end: { decision: 'Approved', by: 'alice' },
      override: { workflow: 'rollback-v1' },
    });
    s.apply(decided('r1', 'Rejected', '2026-05-01T10:06:00Z', 'bob'));
    expect(s.request('r1')?.end?.decision).toBe('Approved');
    expect(s.anomalies.map((a) => a.code)).toEqual(['not_pending']);
  });

  test('an approval at or after the expiry does not execute: the request expired', () => {
    const s = new RemediationState(ladder);
    submit(s, request());
    s.apply(decided('r1', 'Approved', '2026-05-01T10:15:00Z'));
    expect(s.request('r1')).toMatchObject({ executed: false, end: { decision: 'Expired' } });
    expect(s.anomalies.map((a) => a.code)).toEqual(['after_expiry']);
  });

  test('an expiry before the expiry time is refused; one after ends the request', () => {
    const s = new RemediationState(ladder);
    submit(s, request());
    s.apply(decided('r1', 'Expired', '2026-05-01T10:14:59Z', 'cron'));
    expect(s.request('r1')?.end).toBeUndefined();
    expect(s.overdue('2026-05-01T10:15:00Z').map((r) => r.requestId)).toEqual(['r1']);
    s.apply(decided('r1', 'Expired', '2026-05-01T10:15:00Z', 'cron'));
    expect(s.request('r1')?.end).toEqual({ decision: 'Expired', by: 'cron', at: '2026-05-01T10:15:00Z' });
    expect(s.anomalies.map((a) => a.code)).toEqual(['not_yet_expired']);
  });

  test('an override to a workflow kept at observe is refused: the request stays open', () => {
    const s = new RemediationState(ladder);
    submit(s, request());
    s.apply({
      ...decided('r1', 'Approved', '2026-05-01T10:01:00Z'),
      override: { workflow: 'unknown-v9' },
    } as never);
    expect(s.request('r1')).toMatchObject({ executed: false, end: undefined });
    expect(s.anomalies.map((a) => a.code)).toEqual(['override_at_observe']);
  });

  test('the pipeline cannot approve its own request', () => {
    const s = new RemediationState(ladder);
    submit(s, request());
    s.apply(decided('r1', 'Approved', '2026-05-01T10:01:00Z', 'kubernaut'));
    expect(s.request('r1')?.end).toBeUndefined();
    expect(s.anomalies.map((a) => a.code)).toEqual(['self_approval']);
  });

  test('a new request for the same fingerprint supersedes an open one', () => {
    const s = new RemediationState(ladder);
    submit(s, request());
    submit(s, request({ requestId: 'r2', at: '2026-05-01T10:10:00Z' }));
    expect(s.request('r1')?.end).toMatchObject({ decision: 'Superseded' });
    expect(s.pending('2026-05-01T10:10:00Z').map((r) => r.requestId)).toEqual(['r2']);
  });

  test('a recorded outcome more autonomous than the ladder gives is not believed', () => {
    const s = new RemediationState(ladder);
    const r = request({ workflow: 'scale-v1' });
    s.apply({
      ...requested(r, { outcome: 'Execute', level: 'selective', scope: 'scale-v1', reasons: ['forged'] }),
      id: 'x',
    });
    expect(s.request('r1')).toMatchObject({ outcome: 'DryRun', executed: false });
    expect(s.anomalies.map((a) => a.code)).toEqual(['outcome_mismatch']);
  });
});

describe('graduation', () => {
  const ladder = testLadder();

  test('approvals without rejection and effective runs make an approve entry ready to move up', () => {
    const s = new RemediationState(ladder);
    for (const [i, minute] of [
      [1, 0],
      [2, 20],
      [3, 40],
    ] as const) {
      submit(
        s,
        request({
          requestId: `r${i}`,
          fingerprint: `f${i}`,
          at: `2026-05-01T10:${minute.toString().padStart(2, '0')}:00Z`,
        }),
      );
      s.apply(decided(`r${i}`, 'Approved', `2026-05-01T10:${(minute + 1).toString().padStart(2, '0')}:00Z`));
      s.apply({
        type: 'RemediationAssessed',
        agent: 'kubernaut',
        at: `2026-05-01T10:${(minute + 2).toString().padStart(2, '0')}:00Z`,
        requestId: `r${i}`,
        score: 0.9,
      });
    }
    const line = graduationReport(s).find((g) => g.scope === 'restart-pod-v1');
    expect(line).toMatchObject({
      recommendation: 'up',
      to: 'automate',
      evidence: { approvals: 3, assessments: 3 },
    });
    // Not automatic: the level stays until a RemediationLevelMoved is recorded.
    expect(s.levelOf('restart-pod-v1')).toBe('approve');
    s.apply({
      type: 'RemediationLevelMoved',
      agent: 'kubernaut',
      at: '2026-05-01T11:00:00Z',
      scope: 'restart-pod-v1',
      from: 'approve',
      to: 'automate',
      by: 'alice',
      reason: 'earned',
    });
    expect(s.levelOf('restart-pod-v1')).toBe('automate');
    expect(graduationReport(s).find((g) => g.scope === 'restart-pod-v1')?.evidence.approvals).toBe(0);
  });

  test('rejections recommend moving down', () => {
    const s = new RemediationState(ladder);
    submit(s, request());
    s.apply(decided('r1', 'Rejected', '2026-05-01T10:01:00Z'));
    submit(s, request({ requestId: 'r2', fingerprint: 'f2', at: '2026-05-01T10:02:00Z' }));
    s.apply(decided('r2', 'Rejected', '2026-05-01T10:03:00Z'));
    expect(graduationReport(s).find((g) => g.scope === 'restart-pod-v1')).toMatchObject({
      recommendation: 'down',
      to: 'selective',
    });
  });

  test('an entry that opted in moves by itself, never past its maxAutoLevel', () => {
    const s = new RemediationState(ladder);
    for (let i = 0; i < 6; i++)
      submit(
        s,
        request({
          requestId: `m${i}`,
          fingerprint: `g${i}`,
          workflow: 'memory-v1',
          at: `2026-05-01T10:0${i}:00Z`,
        }),
      );
    expect(s.levelOf('memory-v1')).toBe('selective');
    expect(s.moves).toMatchObject([
      { scope: 'memory-v1', from: 'observe', to: 'selective', automatic: true },
    ]);
  });

  test('a stale or unknown move changes nothing', () => {
    const s = new RemediationState(ladder);
    s.apply({
      type: 'RemediationLevelMoved',
      agent: 'kubernaut',
      at: '2026-05-01T11:00:00Z',
      scope: 'restart-pod-v1',
      from: 'observe',
      to: 'automate',
      by: 'a',
      reason: 'r',
    });
    s.apply({
      type: 'RemediationLevelMoved',
      agent: 'kubernaut',
      at: '2026-05-01T11:00:00Z',
      scope: 'nope',
      from: 'observe',
      to: 'automate',
      by: 'a',
      reason: 'r',
    });
    expect(s.levelOf('restart-pod-v1')).toBe('approve');
    expect(s.anomalies.map((a) => a.code)).toEqual(['stale_move', 'unknown_scope']);
  });
});

describe('the ledger and the observer', () => {
  test('remediation events are valid ledger events', () => {
    const s = new RemediationState(testLadder());
    const r = request();
    const event = requested(r, s.decide(r, starterPolicy));
    expect(validateEvent(event)).toMatchObject({ ok: true });
    expect(validateEvent({ ...event, outcome: 'Maybe' }).ok).toBe(false);
  });

  test('the view gives the most autonomous level that may apply in a namespace', () => {
    const s = new RemediationState(testLadder());
    submit(s, request({ target: { kind: 'Deployment', name: 'a', namespace: 'payments' } }));
    const v = remediationLadderView(s).verdict({ namespace: 'payments', tier: 'T3' });
    expect(v.remediationLevel).toBe('automate');
    expect(v.notes).toContain('remediation: 1 approval request(s) open in payments');
  });
});
