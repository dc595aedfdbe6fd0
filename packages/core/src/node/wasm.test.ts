import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../classify/classify.js';
import { loadBlastRadiusPolicy } from '../classify/compile-policy.js';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { TrustladderError } from '../errors.js';
import type { Change } from '../schemas/input-types/index.js';
import { loadApprovalData } from '../wasm/approval-data.js';
import {
  loadApprovalEvaluator,
  loadTrustladderWasm,
  loadWasmClassifier,
  TRUSTLADDER_WASM_PATH,
} from './wasm.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trustladder-node-wasm-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codeOf = async (f: () => Promise<unknown>): Promise<string | undefined> => {
  try {
    await f();
  } catch (e) {
    return e instanceof TrustladderError ? e.code : 'not a TrustladderError';
  }
  return undefined;
};

describe('the shipped WebAssembly module', () => {
  it('lives in packages/core/wasm and is compiled once per process', async () => {
    expect(TRUSTLADDER_WASM_PATH.endsWith(join('packages', 'core', 'wasm', 'trustladder.wasm'))).toBe(true);
    expect(readFileSync(TRUSTLADDER_WASM_PATH).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    expect(await loadTrustladderWasm()).toBe(await loadTrustladderWasm());
  });

  it('loadWasmClassifier classifies as the TypeScript engine', async () => {
    const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
    const change: Change = { files: [{ path: 'kyverno/policies/t3.yaml', status: 'modified' }] };
    const wasm = await loadWasmClassifier();
    expect(wasm.classify(policy, change)).toEqual(classify(policy, change));
  });
});

describe('loadApprovalEvaluator', () => {
  const prod = {
    environment: 'prod',
    remediation_target: { kind: 'Deployment' },
    confidence: 0.99,
    workflow: 'w',
  };

  it('uses policies/approval-data.yaml by default, which holds DESIGN.md defaults', async () => {
    expect(loadApprovalData(DEFAULT_POLICY_TEXTS['approval-data'])).toEqual({
      productionEnvironments: ['production', 'prod'],
      sensitiveKinds: ['Node', 'StatefulSet'],
      confidenceThreshold: 0.8,
      trustedProductionWorkflows: [],
    });
    expect((await loadApprovalEvaluator()).evaluate(prod).requireApproval).toBe(true);
  });

  it('reads data from a file, relative to cwd', async () => {
    writeFileSync(
      join(dir, 'data.json'),
      JSON.stringify({
        productionEnvironments: ['prod'],
        sensitiveKinds: [],
        confidenceThreshold: 0.5,
        trustedProductionWorkflows: ['w'],
      }),
    );
    const evaluator = await loadApprovalEvaluator('data.json', { cwd: dir });
    expect(evaluator.evaluate(prod)).toEqual({ requireApproval: false, reasons: [] });
  });

  it('a missing data file is INVALID_INPUT, a bad one INVALID_DOCUMENT', async () => {
    expect(await codeOf(() => loadApprovalEvaluator('nope.yaml', { cwd: dir }))).toBe('INVALID_INPUT');
    writeFileSync(join(dir, 'bad.yaml'), 'productionEnvironments: []\n');
    expect(await codeOf(() => loadApprovalEvaluator('bad.yaml', { cwd: dir }))).toBe('INVALID_DOCUMENT');
  });
});
