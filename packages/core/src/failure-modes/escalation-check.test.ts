import { describe, expect, test } from 'vitest';
import { classify, loadBlastRadiusPolicy } from '../classify/index.js';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { TrustladderError } from '../errors.js';
import { validateEvent } from '../ladder/validate-event.js';
import type { TaskSpec } from '../taskspec/taskspec.types.js';
import { checkEscalation } from './escalation-check.js';

const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
const task: TaskSpec = {
  id: 'task-ui-1',
  repo: 'acme/storefront',
  tier: 'T1',
  task_class: 'ui-change',
  blast_radius: {
    reason: 'r',
    surfaces: ['ui/a.tsx'],
    evaluated_by: 'spec-e',
    evaluated_at: '2026-04-01T00:00:00Z',
  },
  acceptance_criteria: ['done'],
};
const at = '2026-04-02T10:00:00Z';
const service = { name: 'storefront', slo: true, canary: true, killSwitch: true };

describe('checkEscalation (the stuck guard)', () => {
  test('work within the task tier goes on: no event', () => {
    const work = classify(policy, {
      repo: 'acme/storefront',
      files: [{ path: 'docs/a.md', status: 'modified' }],
    });
    const r = checkEscalation(task, work, { agent: 'dev-e', at });
    expect(r).toMatchObject({ escalate: false, event: null, rules: [], surfaces: [] });
  });

  test('work that touches auth mid-task escalates, naming the rule and the file', () => {
    const work = classify(policy, {
      repo: 'acme/storefront',
      service,
      files: [
        { path: 'ui/a.tsx', status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b\n' },
        { path: 'src/auth/session.ts', status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b\n' },
      ],
    });
    const r = checkEscalation(task, work, { agent: 'dev-e', at });
    expect(r.escalate).toBe(true);
    expect(r.workTier).toBe('T3');
    expect(r.rules).toContain('t3-auth');
    expect(r.surfaces).toContain('src/auth/session.ts');
    expect(r.event).toMatchObject({
      type: 'EscalationRequired',
      agent: 'dev-e',
      taskId: 'task-ui-1',
      tier: 'T1',
      requiredTier: 'T3',
      trigger: 'discovered',
      policy: work.policy,
    });
    expect(r.event?.context).toContain('src/auth/session.ts');
    expect(validateEvent(r.event).ok).toBe(true);
  });

  test('a rule at or below the task tier is not named as the cause', () => {
    const work = classify(policy, {
      repo: 'acme/storefront',
      files: [
        { path: 'docs/a.md', status: 'modified' },
        { path: 'src/auth/session.ts', status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b\n' },
      ],
    });
    const r = checkEscalation({ ...task, tier: 'T2' }, work, { agent: 'dev-e', at });
    expect(r.rules.every((id) => id.startsWith('t3-'))).toBe(true);
  });

  test('a bad agent name or time is refused, never recorded', () => {
    const work = classify(policy, {
      repo: 'acme/storefront',
      files: [{ path: 'src/auth/session.ts', status: 'modified' }],
    });
    expect(() => checkEscalation(task, work, { agent: 'dev\u202ee', at })).toThrow(TrustladderError);
    expect(() => checkEscalation(task, work, { agent: 'dev-e', at: 'yesterday' })).toThrow(TrustladderError);
  });
});
