import { describe, expect, expectTypeOf, it } from 'vitest';
import { classify } from '../../classify/classify.js';
import { loadBlastRadiusPolicy } from '../../classify/compile-policy.js';
import { DEFAULT_POLICY_TEXTS } from '../../defaults/index.js';
import { isTrustladderError } from '../../errors.js';
import type { TaskSpec } from '../../taskspec/taskspec.types.js';
import type { Change, ChangeFileStatus, InputEventDocument, TaskSpecDocument } from './index.js';

const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);

describe('the generated input types', () => {
  it('type a typed call: a status outside the schema does not compile', () => {
    const typed: Change = { repo: 'acme/api', files: [{ path: 'db/migrations/1.sql', status: 'added' }] };
    expect(classify(policy, typed).tier).toBe('T3');
    // @ts-expect-error 'bogus' is not a file status of schemas/change.schema.json
    expect(() => classify(policy, { files: [{ path: 'a.ts', status: 'bogus' }] })).toThrow();
    const widened = { files: [{ path: 'a.ts', status: 'added' as string }] };
    // @ts-expect-error a status typed string is not a file status
    expect(classify(policy, widened).tier).toBeDefined();
    expectTypeOf<ChangeFileStatus>().toEqualTypeOf<'added' | 'modified' | 'deleted' | 'renamed' | 'copied'>();
  });

  it('leave the unknown entry point for untrusted input, which still validates and fails closed', () => {
    const untrusted: unknown = JSON.parse('{"files":[{"path":"a.ts","status":"bogus"}]}');
    let error: unknown;
    try {
      classify(policy, untrusted);
    } catch (e) {
      error = e;
    }
    expect(isTrustladderError(error) && error.code).toBe('INVALID_INPUT');
  });

  it('agree with the validated types the engine uses', () => {
    // A TaskSpec document as written is what loadTaskSpec returns once validated.
    expectTypeOf<TaskSpecDocument>().toExtend<Omit<TaskSpec, 'change'>>();
    // A ledger event a caller records names one of the input kinds, never a derived one.
    expectTypeOf<InputEventDocument['type']>().toEqualTypeOf<
      | 'RunCompleted'
      | 'ModelChanged'
      | 'DriftDetected'
      | 'CeilingSet'
      | 'EscalationRequired'
      | 'ClassificationDisagreed'
      | 'RunProgressed'
      | 'ApprovalFlagged'
      | 'RemediationRequested'
      | 'RemediationDecided'
      | 'RemediationAssessed'
      | 'RemediationLevelMoved'
      | 'TrustLevelSet'
    >();
    const t3: InputEventDocument = {
      type: 'CeilingSet',
      at: '2026-01-01T00:00:00Z',
      agent: 'a',
      taskClass: 'c',
      // @ts-expect-error the schema lets a human set a ceiling up to T2 only
      tier: 'T3',
      by: 'alice',
      reason: 'r',
    };
    expect(t3.type).toBe('CeilingSet');
  });
});
