import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { classify } from '../classify/classify.js';
import { compileBlastRadiusPolicy, loadBlastRadiusPolicy } from '../classify/compile-policy.js';
import type { CompiledPolicy } from '../classify/compiled.types.js';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import type { LedgerEvent, RunProgressed } from '../ladder/event.types.js';
import { validateEvent } from '../ladder/validate-event.js';
import type { TaskSpec } from '../taskspec/taskspec.types.js';
import { arbitraryChange, arbitraryPolicyDocument } from '../testing/index.js';
import { propConfig } from '../testing/prop-config.js';
import { type Tier, tierRank } from '../tier.js';
import { auditApprovals } from './approval-audit.js';
import { DEFAULT_APPROVAL_AUDIT_SETTINGS } from './approval-audit.types.js';
import { checkEscalation } from './escalation-check.js';
import { diffPolicies } from './policy-diff.js';
import { findStalls } from './stalls.js';

const config = propConfig(200);
const defaultPolicy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
const anyPolicy: fc.Arbitrary<CompiledPolicy> = fc.oneof(
  { weight: 3, arbitrary: arbitraryPolicyDocument().map((d) => compileBlastRadiusPolicy(d)) },
  { weight: 1, arbitrary: fc.constant(defaultPolicy) },
);
const tier = fc.constantFrom<Tier>('T0', 'T1', 'T2', 'T3');
const task = (t: Tier): TaskSpec => ({
  id: 'task-p',
  repo: 'acme/app',
  tier: t,
  task_class: 'ui-change',
  blast_radius: { reason: 'r', surfaces: ['a.ts'], evaluated_by: 's', evaluated_at: '2026-01-01T00:00:00Z' },
  acceptance_criteria: ['done'],
});

describe('failure-mode invariants', () => {
  test('the stuck guard escalates exactly when the work is above the task, with a valid event naming rules above it', () => {
    fc.assert(
      fc.property(anyPolicy, arbitraryChange(), tier, (policy, change, t) => {
        const work = classify(policy, change);
        const r = checkEscalation(task(t), work, { agent: 'dev-e', at: '2026-01-02T00:00:00Z' });
        expect(r.escalate).toBe(tierRank(work.tier) > tierRank(t));
        if (!r.escalate) {
          expect(r.event).toBeNull();
          return;
        }
        expect(validateEvent(r.event).ok).toBe(true);
        expect(r.event?.requiredTier).toBe(work.tier);
        const above = new Set(work.matches.filter((m) => tierRank(m.tier) > tierRank(t)).map((m) => m.rule));
        for (const rule of r.rules) expect(above.has(rule)).toBe(true);
      }),
      config,
    );
  });

  test('a policy diff is antisymmetric, and a policy against itself moves nothing', () => {
    fc.assert(
      fc.property(anyPolicy, anyPolicy, fc.array(arbitraryChange(), { maxLength: 4 }), (a, b, changes) => {
        const inputs = changes.map((change, i) => ({ name: `c${i}`, change }));
        const ab = diffPolicies(a, b, inputs);
        const ba = diffPolicies(b, a, inputs);
        expect(ab.moved.up).toBe(ba.moved.down);
        expect(ab.moved.down).toBe(ba.moved.up);
        expect(diffPolicies(a, a, inputs).moved).toEqual({ up: 0, down: 0, same: inputs.length });
        ab.rows.forEach((r, i) => {
          expect(r.before).toBe(classify(a, changes[i] as unknown).tier);
          expect(r.after).toBe(classify(b, changes[i] as unknown).tier);
        });
      }),
      config,
    );
  });

  test('every stall event is valid and above its task tier; a completed run never stalls', () => {
    const beat = fc.record({
      minute: fc.integer({ min: 0, max: 600 }),
      task: fc.constantFrom('t1', 't2', 't3'),
      tier,
      workTier: fc.option(tier, { nil: undefined }),
      failing: fc.boolean(),
      done: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(beat, { maxLength: 30 }), fc.integer({ min: 1, max: 5 }), (beats, failures) => {
        const sorted = [...beats].sort((x, y) => x.minute - y.minute);
        const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString().replace('.000Z', 'Z');
        const events: LedgerEvent[] = sorted.map((b): LedgerEvent => {
          if (b.done)
            return {
              type: 'RunCompleted',
              at: at(b.minute),
              agent: 'dev-e',
              taskClass: 'c',
              tier: 'T0',
              outcome: 'success',
              taskId: b.task,
            };
          const e: RunProgressed = {
            type: 'RunProgressed',
            at: at(b.minute),
            agent: 'dev-e',
            taskId: b.task,
            taskClass: 'c',
            tier: b.tier,
            status: b.failing ? 'failing' : 'ok',
            ...(b.workTier === undefined ? {} : { workTier: b.workTier }),
          };
          return e;
        });
        const stalls = findStalls(events, {
          at: at(700),
          stallAfterUs: 60 * 60_000_000,
          failuresInARow: failures,
        });
        const last = new Map(events.map((e) => [(e as { taskId: string }).taskId, e.type]));
        for (const s of stalls) {
          expect(last.get(s.taskId)).toBe('RunProgressed');
          if (s.event === null) expect(s.tier).toBe('T3');
          else {
            expect(validateEvent(s.event).ok).toBe(true);
            expect(tierRank(s.event.requiredTier)).toBeGreaterThan(tierRank(s.tier));
          }
        }
      }),
      config,
    );
  });

  test('a stricter audit never flags less: a longer review time or smaller share only adds flags', () => {
    const approval = fc.record({
      by: fc.constantFrom('alice', 'bob', 'carol'),
      kind: fc.constantFrom<'cosign' | 'interface'>('cosign', 'interface'),
      wait: fc.integer({ min: 0, max: 7200 }),
      hour: fc.integer({ min: 0, max: 23 }),
    });
    fc.assert(
      fc.property(
        fc.array(approval, { maxLength: 12 }),
        fc.integer({ min: 0, max: 3600 }),
        fc.integer({ min: 0, max: 3600 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (list, r1, r2, s1, s2) => {
          const approvals = list.map((a, i) => ({
            kind: a.kind,
            taskId: `t${i}`,
            by: a.by,
            timeZone: 'UTC',
            requestedAt: new Date(Date.UTC(2026, 3, 7, a.hour, 0, 0) - a.wait * 1000)
              .toISOString()
              .replace('.000Z', 'Z'),
            approvedAt: new Date(Date.UTC(2026, 3, 7, a.hour, 0, 0)).toISOString().replace('.000Z', 'Z'),
          }));
          const flags = (minReviewSeconds: number, maxShare: number) =>
            new Set(
              auditApprovals(approvals, [], {
                ...DEFAULT_APPROVAL_AUDIT_SETTINGS,
                minReviewSeconds,
                maxShare,
              }).findings.flatMap((f) => f.flags.map((flag) => `${f.subject}:${flag}`)),
            );
          const lenient = flags(Math.min(r1, r2), Math.max(s1, s2));
          const strict = flags(Math.max(r1, r2), Math.min(s1, s2));
          for (const f of lenient) expect(strict.has(f)).toBe(true);
        },
      ),
      config,
    );
  });

  test('an approval that did not verify never counts: demoting one never clears an admission', () => {
    const digest = fc.constantFrom(...['a', 'b', 'c', 'd'].map((h) => `sha256:${h.repeat(64)}`));
    const kind = fc.constantFrom<'cosign' | 'interface'>('cosign', 'interface');
    const at = '2026-04-07T10:00:00Z';
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind, imageDigest: digest, demoted: fc.boolean() }), { maxLength: 10 }),
        fc.array(fc.record({ tier: fc.constantFrom<Tier>('T2', 'T3'), imageDigest: digest }), {
          maxLength: 10,
        }),
        (list, ads) => {
          const approvals = list.map((a, i) => ({
            kind: a.kind,
            taskId: `t${i}`,
            by: 'alice',
            timeZone: 'UTC',
            requestedAt: '2026-04-07T08:00:00Z',
            approvedAt: at,
            imageDigest: a.imageDigest,
          }));
          const admissions = ads.map((a, i) => ({
            at,
            namespace: 'n',
            resource: `Pod/p${i}`,
            policy: `trustladder-${a.tier.toLowerCase()}-attestations`,
            imageDigest: a.imageDigest,
            tier: a.tier,
          }));
          const unapproved = (r: ReturnType<typeof auditApprovals>) =>
            new Set(r.findings.filter((f) => f.kind === 'admission').map((f) => f.subject));
          const all = auditApprovals(approvals, admissions, DEFAULT_APPROVAL_AUDIT_SETTINGS);
          const demoted = list.flatMap((a, i) =>
            a.demoted ? [{ source: `b${i}.json`, kind: a.kind, code: 'SUBJECT_MISMATCH', message: 'm' }] : [],
          );
          const kept = approvals.filter((_, i) => !list[i]?.demoted);
          const some = auditApprovals(kept, admissions, DEFAULT_APPROVAL_AUDIT_SETTINGS, demoted);
          for (const subject of unapproved(all)) expect(unapproved(some).has(subject)).toBe(true);
          expect(some.approvals).toBe(kept.length);
          expect(some.unverified).toBe(demoted.length);
          expect(some.findings.filter((f) => f.flags.includes('unverified-approval'))).toHaveLength(
            demoted.length,
          );
          // Every admission of an image with no kept approval of its kind is flagged.
          for (const [i, a] of ads.entries()) {
            const want = a.tier === 'T3' ? 'cosign' : 'interface';
            const covered = kept.some((k) => k.kind === want && k.imageDigest === a.imageDigest);
            expect(unapproved(some).has(`n/Pod/p${i}`)).toBe(!covered);
          }
        },
      ),
      config,
    );
  });
});
