import { beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../classify/classify.js';
import { compileBlastRadiusPolicy, loadBlastRadiusPolicy } from '../classify/compile-policy.js';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { TrustladderError } from '../errors.js';
import { loadTrustladderWasm } from '../node/wasm.js';
import type { Change } from '../schemas/input-types/index.js';
import { createWasmClassifier, type WasmClassifier } from './wasm-classifier.js';

const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius'], { source: 'default' });

// DESIGN.md's example change.
const change: Change = {
  repo: 'acme/payments-api',
  files: [
    { path: 'src/auth/session.ts', status: 'modified', patch: '@@ -1,3 +1,4 @@\n-old\n+new line\n' },
    { path: 'docs/guide.md', previousPath: 'src/auth/notes.md', status: 'renamed' },
    { path: 'README.md', repo: 'acme/other-repo', status: 'added' },
  ],
  dependencies: [{ name: 'left-pad', ecosystem: 'npm', change: 'added', allowlisted: true, score: 0.91 }],
  coverage: { changedLines: 120, coveredLines: 101 },
  service: { name: 'payments-api', slo: true, canary: true, killSwitch: true },
  labels: ['new-public-api'],
  data: { rowsAffected: 2500000 },
};

const policyOf = (rules: unknown[]) =>
  compileBlastRadiusPolicy({
    apiVersion: 'trustladder.dev/v1',
    kind: 'BlastRadiusPolicy',
    metadata: { name: 'small' },
    default: 'T1',
    rules,
  });

let wasm: WasmClassifier;
beforeAll(async () => {
  wasm = await createWasmClassifier(await loadTrustladderWasm());
});

describe('createWasmClassifier', () => {
  it('classifies DESIGN.md example change exactly as the TypeScript engine', () => {
    const result = wasm.classify(policy, change);
    expect(result).toEqual(classify(policy, change));
    expect(result.tier).toBe('T3');
  });

  it('prints the same JSON as the TypeScript engine (same key order)', () => {
    expect(JSON.stringify(wasm.classify(policy, change))).toBe(JSON.stringify(classify(policy, change)));
  });

  it('loads a new policy when the policy changes, and the old one again', () => {
    const docsOnly = policyOf([
      { id: 'docs', tier: 'T0', description: 'docs', when: { allFiles: { paths: ['docs/**'] } } },
    ]);
    const docs: Change = { files: [{ path: 'docs/a.md', status: 'added' }] };
    expect(wasm.classify(docsOnly, docs)).toEqual(classify(docsOnly, docs));
    expect(wasm.classify(policy, docs)).toEqual(classify(policy, docs));
    expect(wasm.classify(docsOnly, docs).tier).toBe('T0');
  });

  it('passes normalise options on: a patch over the bound makes content unknown', () => {
    const ddl: Change = {
      files: [{ path: 'db/migrations/1.sql', status: 'modified', patch: `@@ -1 +1 @@\n+DROP TABLE x;\n` }],
    };
    const bounded = wasm.classify(policy, ddl, { maxPatchLength: 4 });
    expect(bounded).toEqual(classify(policy, ddl, { maxPatchLength: 4 }));
    expect(bounded.matches.find((m) => m.rule === 't3-destructive-ddl')?.state).toBe('unknown');
  });

  it('rejects a malformed change with INVALID_INPUT before evaluating', () => {
    expect(() => wasm.classify(policy, { files: [{ path: '../etc/passwd', status: 'added' }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('refuses a policy needing more than 99 distinct regexes with WASM_ERROR (the runtime limit)', () => {
    const rules = Array.from({ length: 100 }, (_, i) => ({
      id: `r${i}`,
      tier: 'T2',
      description: `rule ${i}`,
      when: { files: { paths: [`dir${i}/**`] } },
    }));
    const big = policyOf(rules);
    const files: Change = { files: [{ path: 'dir7/a.ts', status: 'added' }] };
    expect(classify(big, files).tier).toBe('T2');
    let error: unknown;
    try {
      wasm.classify(big, files);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrustladderError);
    expect((error as TrustladderError).code).toBe('WASM_ERROR');
    // 99 is fine.
    const fits = policyOf(rules.slice(0, 99));
    expect(wasm.classify(fits, files)).toEqual(classify(fits, files));
  });
});
