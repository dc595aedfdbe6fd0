import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../classify/classify.js';
import { compileBlastRadiusPolicy, loadBlastRadiusPolicy } from '../classify/compile-policy.js';
import type { CompiledPolicy } from '../classify/compiled.types.js';
import { normaliseChange } from '../classify/normalise-change.js';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { loadTrustladderWasm } from '../node/wasm.js';
import { createApprovalEvaluator } from './approval-evaluator.js';
import { APPROVAL_ENTRYPOINT, CLASSIFY_ENTRYPOINT } from './entrypoints.js';
import { instantiateRegoWasm, type RegoWasm } from './rego-wasm.js';

// OPA's Go evaluator (`opa eval`, one process per fixture, the same Rego sources, data and
// input) and the WebAssembly module agree on every fixture of both policies: the fixtures in
// testdata/ and the example changes and remediations in examples/.

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const OPA = existsSync(join(ROOT, '.tools/bin/opa')) ? join(ROOT, '.tools/bin/opa') : 'opa';
const run = promisify(execFile);

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const jsonFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(dir, f))
    : [];

interface BlastFixture {
  readonly name: string;
  readonly policy: CompiledPolicy;
  readonly change: unknown;
}

interface ApprovalFixture {
  readonly name: string;
  readonly data: unknown;
  readonly input: unknown;
  readonly requireApproval?: boolean;
}

const defaultPolicy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius'], { source: 'default' });
const testdata = fileURLToPath(new URL('./testdata/', import.meta.url));

const blastFixtures: BlastFixture[] = [
  ...jsonFiles(join(testdata, 'blast-radius')).map((file) => {
    const f = readJson(file) as { policy: unknown; change: unknown };
    return { name: file, policy: compileBlastRadiusPolicy(f.policy, { source: file }), change: f.change };
  }),
  ...jsonFiles(join(ROOT, 'examples/changes')).map((file) => ({
    name: file,
    policy: defaultPolicy,
    change: readJson(file),
  })),
];

const defaultData = readJson(join(testdata, 'approval/staging-deployment.json')) as { data: unknown };
const approvalFixtures: ApprovalFixture[] = [
  ...jsonFiles(join(testdata, 'approval')).map(
    (file) => ({ name: file, ...(readJson(file) as object) }) as ApprovalFixture,
  ),
  ...jsonFiles(join(ROOT, 'examples/approval')).map((file) => ({
    name: file,
    data: defaultData.data,
    input: readJson(file),
  })),
];

let dir: string;
let wasm: RegoWasm;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trustladder-opa-eval-'));
  wasm = await instantiateRegoWasm(await loadTrustladderWasm(), [CLASSIFY_ENTRYPOINT, APPROVAL_ENTRYPOINT]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let seq = 0;
// `opa eval` on the policy's source file with the data and input written as JSON files.
async function opaEval(policyFile: string, query: string, data: unknown, input: unknown): Promise<unknown> {
  const id = seq++;
  const dataFile = join(dir, `data-${id}.json`);
  const inputFile = join(dir, `input-${id}.json`);
  writeFileSync(dataFile, JSON.stringify(data));
  writeFileSync(inputFile, JSON.stringify(input));
  const { stdout } = await run(
    OPA,
    ['eval', '--format', 'json', '-d', policyFile, '-d', dataFile, '-i', inputFile, query],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const out = JSON.parse(stdout) as { result?: Array<{ expressions: Array<{ value: unknown }> }> };
  return out.result?.[0]?.expressions[0]?.value;
}

describe('opa eval and the WebAssembly module', () => {
  it('have fixtures of both policies to compare', () => {
    expect(blastFixtures.length).toBeGreaterThanOrEqual(5);
    expect(approvalFixtures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(blastFixtures.map((f) => [f.name.slice(ROOT.length + 1), f] as const))(
    'classify %s alike (and like the TS engine)',
    async (_, fixture) => {
      const input = normaliseChange(fixture.change);
      const data = { blast_radius: fixture.policy };
      const go = await opaEval(
        join(ROOT, 'policies/rego/blast_radius/blast_radius.rego'),
        'data.trustladder.blast_radius.classification',
        data,
        input,
      );
      wasm.setData(data);
      const fromWasm = wasm.evaluate(CLASSIFY_ENTRYPOINT, input);
      expect(go).toBeDefined();
      expect(fromWasm).toEqual(go);
      const { policy: _policy, ...ts } = classify(fixture.policy, fixture.change);
      expect(go).toEqual(ts);
    },
  );

  it.each(approvalFixtures.map((f) => [f.name.slice(ROOT.length + 1), f] as const))(
    'decide %s alike',
    async (_, fixture) => {
      const data = { approval: fixture.data };
      const go = await opaEval(
        join(ROOT, 'policies/rego/approval/approval.rego'),
        'data.trustladder.approval.decision',
        data,
        fixture.input,
      );
      wasm.setData(data);
      expect(wasm.evaluate(APPROVAL_ENTRYPOINT, fixture.input)).toEqual(go);
      expect((go as { require_approval: boolean }).require_approval).toBe(
        fixture.requireApproval ?? (go as { require_approval: boolean }).require_approval,
      );
    },
  );

  it('pins the expected decision of every approval fixture with valid data', async () => {
    for (const fixture of approvalFixtures.filter((f) => f.requireApproval !== undefined)) {
      const evaluator = await createApprovalEvaluator(await loadTrustladderWasm(), fixture.data as never);
      expect(evaluator.evaluate(fixture.input).requireApproval, fixture.name).toBe(fixture.requireApproval);
    }
  });
});
