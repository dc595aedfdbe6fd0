import { describe, expect, test } from 'vitest';
import { TrustladderError } from '../errors.js';
import { auditApprovals } from './approval-audit.js';
import { type AuditedApproval, DEFAULT_APPROVAL_AUDIT_SETTINGS } from './approval-audit.types.js';
import { admissionsFromPolicyReports } from './policy-report-admissions.js';

const IMG = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
// Tuesday 2026-04-07, 12:00 in Oslo (10:00 UTC): a calm approval, nothing to flag.
const calm: AuditedApproval = {
  kind: 'cosign',
  taskId: 'task-1',
  by: 'alice',
  timeZone: 'Europe/Oslo',
  requestedAt: '2026-04-07T09:00:00Z',
  approvedAt: '2026-04-07T10:00:00Z',
  imageDigest: IMG(1),
  changeDigest: IMG(7),
  change: { signedLines: 100, currentLines: 100, currentDigest: IMG(7) },
};
const S = DEFAULT_APPROVAL_AUDIT_SETTINGS;
const flagsOf = (a: AuditedApproval, s = S) => auditApprovals([a], [], s).findings[0]?.flags ?? [];

describe('auditApprovals', () => {
  test('a calm approval in working hours with an unchanged change is not flagged', () => {
    expect(auditApprovals([calm], [], S).findings).toEqual([]);
  });

  test('rushed: approved within the review time of the request (and never before it)', () => {
    expect(flagsOf({ ...calm, requestedAt: '2026-04-07T09:50:01Z' })).toEqual(['rushed']);
    expect(flagsOf({ ...calm, requestedAt: '2026-04-07T09:50:00Z' })).toEqual([]);
    expect(flagsOf({ ...calm, requestedAt: '2026-04-07T10:00:01Z' })).toEqual(['rushed']);
  });

  test("off-hours in the approver's own time zone, not UTC; no time zone is flagged", () => {
    // 17:30 UTC is 19:30 in Oslo (off) but 13:30 in New York (on).
    const late = { ...calm, requestedAt: '2026-04-07T16:00:00Z', approvedAt: '2026-04-07T17:30:00Z' };
    expect(flagsOf(late)).toEqual(['off-hours']);
    expect(flagsOf({ ...late, timeZone: 'America/New_York' })).toEqual([]);
    // Saturday noon in Oslo.
    expect(
      flagsOf({ ...calm, requestedAt: '2026-04-11T09:00:00Z', approvedAt: '2026-04-11T10:00:00Z' }),
    ).toEqual(['off-hours']);
    const { timeZone: _none, ...unzoned } = calm;
    expect(flagsOf(unzoned)).toEqual(['off-hours']);
    expect(() => flagsOf({ ...calm, timeZone: 'Mars/Olympus' })).toThrow(TrustladderError);
  });

  test('concentrated: an approver over the share of co-signs, once there are enough of them', () => {
    const many = [1, 2, 3].map((i) => ({ ...calm, taskId: `t${i}` }));
    const bob = { ...calm, taskId: 't4', by: 'bob' };
    const r = auditApprovals([...many, bob], [], S);
    expect(r.cosignShares).toEqual([
      { by: 'alice', count: 3, share: 0.75 },
      { by: 'bob', count: 1, share: 0.25 },
    ]);
    expect(r.findings.map((f) => [f.subject, f.flags])).toEqual([
      ['t1', ['concentrated']],
      ['t2', ['concentrated']],
      ['t3', ['concentrated']],
    ]);
    expect(auditApprovals(many, [], S).findings).toEqual([]); // 3 co-signs: too few to judge
    expect(auditApprovals([...many, bob], [], { ...S, maxShare: 0.75 }).findings).toEqual([]);
  });

  test('grew after signing: more lines, or another digest, than signed', () => {
    expect(flagsOf({ ...calm, change: { signedLines: 100, currentLines: 101 } })).toEqual([
      'grew-after-signing',
    ]);
    expect(flagsOf({ ...calm, change: { currentDigest: IMG(8) } })).toEqual(['grew-after-signing']);
    expect(flagsOf({ ...calm, change: { signedLines: 100, currentLines: 90 } })).toEqual([]);
  });

  test('every flag of one approval is reported together, each with its sentence', () => {
    const f = auditApprovals(
      [
        {
          ...calm,
          requestedAt: '2026-04-07T21:59:00Z',
          approvedAt: '2026-04-07T22:00:00Z',
          change: { signedLines: 1, currentLines: 9 },
        },
      ],
      [],
      S,
    ).findings[0];
    expect(f?.flags).toEqual(['rushed', 'off-hours', 'grew-after-signing']);
    expect(f?.details).toHaveLength(3);
  });

  test('admissions without a matching approval; T2 needs an interface approval, T3 a co-sign', () => {
    const ad = (tier: 'T2' | 'T3', imageDigest: string | null) => ({
      at: '2026-04-07T11:00:00Z',
      namespace: 'payments',
      resource: 'Pod/api',
      policy: `trustladder-${tier.toLowerCase()}-attestations`,
      imageDigest,
      tier,
    });
    const r = auditApprovals(
      [calm],
      [ad('T3', IMG(1)), ad('T3', IMG(2)), ad('T3', null), ad('T2', IMG(1))],
      S,
    );
    expect(r.findings.map((f) => [f.kind, f.flags[0], f.details[0]?.slice(0, 30)])).toEqual([
      ['admission', 'admission-without-approval', `admitted ${IMG(2)}`.slice(0, 30)],
      ['admission', 'admission-without-approval', 'admitted by trustladder-t3-att'],
      ['admission', 'admission-without-approval', `admitted ${IMG(1)}`.slice(0, 30)],
    ]);
  });

  test('an unverified bundle is a finding of its own and never clears an admission', () => {
    const admission = {
      at: '2026-04-07T11:00:00Z',
      namespace: 'payments',
      resource: 'Pod/api',
      policy: 'trustladder-t3-attestations',
      imageDigest: IMG(1),
      tier: 'T3' as const,
    };
    const forged = {
      source: 'b/forged.json',
      kind: 'cosign' as const,
      code: 'SUBJECT_MISMATCH',
      message: 'x',
    };
    const r = auditApprovals([], [admission], S, [forged]);
    expect(r).toMatchObject({ approvals: 0, unverified: 1, admissions: 1 });
    expect(r.findings.map((f) => [f.subject, f.kind, f.by, f.flags])).toEqual([
      ['b/forged.json', 'cosign', null, ['unverified-approval']],
      ['payments/Pod/api', 'admission', null, ['admission-without-approval']],
    ]);
    expect(r.findings[0]?.details[0]).toBe('SUBJECT_MISMATCH: x; not counted as an approval');
    // The same admission with the verified co-sign of its image is cleared.
    expect(auditApprovals([calm], [admission], S, [forged]).findings.map((f) => f.kind)).toEqual(['cosign']);
    expect(() => auditApprovals([], [], S, [{ ...forged, kind: 'blessing' as never, code: '' }])).toThrow(
      TrustladderError,
    );
  });

  test('malformed records are refused with the pointer of every problem', () => {
    try {
      auditApprovals(
        [{ ...calm, kind: 'blessing' as never, by: 'al\u202eice' }],
        [
          {
            at: calm.approvedAt,
            namespace: 'n',
            resource: 'Pod/p',
            policy: 'p',
            imageDigest: 'latest',
            tier: 'T9' as never,
          },
        ],
        S,
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TrustladderError);
      expect((e as TrustladderError).issues.map((i) => i.path).sort()).toEqual([
        '/admissions/0/imageDigest',
        '/admissions/0/tier',
        '/approvals/0/by',
        '/approvals/0/kind',
      ]);
    }
  });

  test('bad settings and bad instants are refused', () => {
    expect(() => auditApprovals([], [], { ...S, maxShare: 2 })).toThrow(TrustladderError);
    expect(() => auditApprovals([{ ...calm, approvedAt: '2026-02-30T10:00:00Z' }], [], S)).toThrow(
      TrustladderError,
    );
  });
});

describe('admissionsFromPolicyReports', () => {
  const report = {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'PolicyReport',
    metadata: { namespace: 'payments', name: 'r' },
    scope: { kind: 'Pod', name: 'api-1', namespace: 'payments' },
    results: [
      {
        policy: 'trustladder-t3-attestations',
        result: 'pass',
        timestamp: { seconds: 1775556000 },
        properties: { image: `ghcr.io/acme/api@${IMG(1)}` },
      },
      { policy: 'trustladder-t3-attestations', result: 'fail', timestamp: { seconds: 1775556000 } },
      { policy: 'other-policy', result: 'pass', timestamp: { seconds: 1775556000 } },
      { policy: 'trustladder-t2-ephemeral-attestations', result: 'pass', timestamp: { seconds: 1775556001 } },
    ],
  };

  test('every pass of a tier attestation policy is an admission, with its image digest when named', () => {
    expect(admissionsFromPolicyReports({ kind: 'List', items: [report] })).toEqual([
      {
        at: '2026-04-07T10:00:00Z',
        namespace: 'payments',
        resource: 'Pod/api-1',
        policy: 'trustladder-t3-attestations',
        imageDigest: IMG(1),
        tier: 'T3',
      },
      {
        at: '2026-04-07T10:00:01Z',
        namespace: 'payments',
        resource: 'Pod/api-1',
        policy: 'trustladder-t2-ephemeral-attestations',
        imageDigest: null,
        tier: 'T2',
      },
    ]);
  });

  test('a malformed report is an input error with the pointer of every problem', () => {
    const bad = { ...report, results: [{ policy: 'trustladder-t3-attestations', result: 'pass' }, 7] };
    try {
      admissionsFromPolicyReports([bad, 'x'], 'reports.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TrustladderError);
      expect((e as TrustladderError).issues.map((i) => i.path)).toEqual([
        '/0/results/0/timestamp/seconds',
        '/0/results/1',
        '/1',
      ]);
    }
  });
});
