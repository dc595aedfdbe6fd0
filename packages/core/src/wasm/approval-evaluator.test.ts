import { beforeAll, describe, expect, it } from 'vitest';
import { TrustladderError } from '../errors.js';
import { loadTrustladderWasm } from '../node/wasm.js';
import type { ApprovalData } from './approval.types.js';
import { assertApprovalData, loadApprovalData } from './approval-data.js';
import { type ApprovalEvaluator, createApprovalEvaluator } from './approval-evaluator.js';

const DEFAULTS: ApprovalData = {
  productionEnvironments: ['production', 'prod'],
  sensitiveKinds: ['Node', 'StatefulSet'],
  confidenceThreshold: 0.8,
  trustedProductionWorkflows: [],
};

// DESIGN.md's example input.
const example = {
  environment: 'Production',
  namespace: 'payments',
  remediation_target: { kind: 'Deployment', name: 'api' },
  confidence: 0.92,
  workflow: 'restart-pod-v1',
  detected_labels: {},
};
const staging = { ...example, environment: 'staging' };

const errorCode = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof TrustladderError ? e.code : 'not a TrustladderError';
  }
  return undefined;
};

let evaluator: ApprovalEvaluator;
beforeAll(async () => {
  evaluator = await createApprovalEvaluator(await loadTrustladderWasm(), DEFAULTS);
});

describe('createApprovalEvaluator', () => {
  it('requires approval for DESIGN.md example (production, no trusted workflow)', () => {
    expect(evaluator.evaluate(example)).toEqual({
      requireApproval: true,
      reasons: ['production environment "Production": workflow is not trusted for production'],
    });
  });

  it('auto-approves a judged non-production remediation', () => {
    expect(evaluator.evaluate(staging)).toEqual({ requireApproval: false, reasons: [] });
  });

  it('auto-approves production only for a trusted workflow', async () => {
    const trusting = await createApprovalEvaluator(await loadTrustladderWasm(), {
      ...DEFAULTS,
      trustedProductionWorkflows: ['restart-pod-v1'],
    });
    expect(trusting.evaluate(example)).toEqual({ requireApproval: false, reasons: [] });
    expect(trusting.evaluate({ ...example, remediation_target: { kind: 'Node' } })).toEqual({
      requireApproval: true,
      reasons: ['sensitive kind "Node"'],
    });
  });

  // The SDK would treat a falsy input as no input at all; the evaluator sends JSON text, so the
  // policy sees the value itself and judges it, as `opa eval` does.
  it.each([null, false, 0, '', undefined, [], 'staging'])(
    'requires approval for the non-object input %j',
    (input) => {
      const decision = evaluator.evaluate(input);
      expect(decision.requireApproval).toBe(true);
      expect(decision.reasons).toContain('the input is not an object');
    },
  );

  it('requires approval when the confidence is not a number', () => {
    expect(evaluator.evaluate({ ...staging, confidence: Number.NaN })).toEqual({
      requireApproval: true,
      reasons: ['confidence is missing'],
    });
    expect(evaluator.evaluate({ ...staging, confidence: '0.9' })).toEqual({
      requireApproval: true,
      reasons: ['confidence is not a number in 0..1'],
    });
  });

  it('evaluates many inputs with one instance and flat answers', () => {
    for (let i = 0; i < 2000; i++) {
      const confidence = (i % 100) / 99;
      expect(evaluator.evaluate({ ...staging, confidence }).requireApproval).toBe(confidence < 0.8);
    }
  });

  it('refuses invalid data with INVALID_DOCUMENT before loading the module', async () => {
    const bad = { ...DEFAULTS, confidenceThreshold: 1.5, productionEnvironments: [] };
    let error: unknown;
    try {
      await createApprovalEvaluator(new Uint8Array(0), bad as ApprovalData);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrustladderError);
    expect((error as TrustladderError).code).toBe('INVALID_DOCUMENT');
    expect((error as TrustladderError).issues.map((i) => i.path).sort()).toEqual([
      '/confidenceThreshold',
      '/productionEnvironments',
    ]);
  });

  it('refuses an input that is not JSON with INVALID_INPUT', () => {
    expect(errorCode(() => evaluator.evaluate({ confidence: 10n }))).toBe('INVALID_INPUT');
  });
});

describe('loadApprovalData', () => {
  it('reads YAML and JSON', () => {
    const yaml =
      'productionEnvironments: [prod]\nsensitiveKinds: []\nconfidenceThreshold: 0.9\ntrustedProductionWorkflows: [a]\n';
    expect(loadApprovalData(yaml, { source: 'data.yaml' })).toEqual({
      productionEnvironments: ['prod'],
      sensitiveKinds: [],
      confidenceThreshold: 0.9,
      trustedProductionWorkflows: ['a'],
    });
    expect(loadApprovalData(JSON.stringify(DEFAULTS), { source: 'data.json' })).toEqual(DEFAULTS);
  });

  it('names every problem with its JSON pointer', () => {
    let error: unknown;
    try {
      loadApprovalData('productionEnvironments: prod\nconfidenceThreshold: high\nextra: 1\n', {
        source: 'd.yaml',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrustladderError);
    expect((error as TrustladderError).code).toBe('INVALID_DOCUMENT');
    const paths = (error as TrustladderError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['/productionEnvironments', '/confidenceThreshold']));
  });

  it('refuses text that is not YAML with PARSE_ERROR', () => {
    expect(errorCode(() => loadApprovalData('a: [', { source: 'd.yaml' }))).toBe('PARSE_ERROR');
  });

  it('assertApprovalData accepts DESIGN.md defaults', () => {
    expect(() => assertApprovalData(DEFAULTS)).not.toThrow();
  });
});
