import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { classify } from '../classify/classify.js';
import { loadBlastRadiusPolicy } from '../classify/compile-policy.js';
import type { FilesNode } from '../classify/compiled.types.js';
import { evaluateNodes } from '../classify/evaluate.js';
import { normaliseChange } from '../classify/normalise-change.js';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { validateAgainst } from '../load/validate.js';
import { arbitraryChange } from './change-arbitraries.js';
import { arbitraryChangeFor } from './change-for-policy.js';
import { propConfig } from './prop-config.js';

// arbitraryChangeFor reaches a user's own rules: over a seeded run, every file criterion of
// the policy is both true and false for some generated change, every content pattern is hit,
// and every change is valid input.

const USER_POLICY = `
apiVersion: trustladder.dev/v1
kind: BlastRadiusPolicy
metadata: { name: billing }
default: T2
rules:
  - id: billing-service
    tier: T3
    description: the billing service
    when: { files: { paths: ["services/billing/**"], exclude: ["services/billing/**/*.md"] } }
  - id: billing-sql
    tier: T3
    description: SQL that touches invoices
    when: { files: { paths: ["**/*.sql"], content: { pattern: "(?i)\\\\binvoices?\\\\b" } } }
  - id: docs
    tier: T0
    description: only docs
    when: { allFiles: { paths: ["docs/**", "**/*.md"] } }
`;

const policies = {
  billing: loadBlastRadiusPolicy(USER_POLICY, { source: 'billing.yaml' }),
  default: loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius'], { source: 'default' }),
};

describe.each(Object.entries(policies))('arbitraryChangeFor(%s policy)', (_name, policy) => {
  const fileNodes = policy.nodes.flatMap((n, id) =>
    n.op === 'files' || n.op === 'allFiles' ? [[id, n] as const] : [],
  );

  test('every change is valid and classifies', () => {
    fc.assert(
      fc.property(arbitraryChangeFor(policy), (change) => {
        expect(validateAgainst('change', change)).toEqual([]);
        expect(() => classify(policy, change)).not.toThrow();
      }),
      propConfig(100),
    );
  });

  test('every file criterion is true for some change and false for another', () => {
    const seen = new Map(fileNodes.map(([id]) => [id, new Set<string>()]));
    for (const change of fc.sample(arbitraryChangeFor(policy), { numRuns: 800, seed: propConfig().seed })) {
      const outcomes = evaluateNodes(policy, normaliseChange(change));
      for (const [id] of fileNodes) seen.get(id)?.add(outcomes[id]?.state ?? 'missing');
    }
    const never = fileNodes.flatMap(([id, n]) => {
      const states = seen.get(id) as Set<string>;
      return states.has('true') && states.has('false')
        ? []
        : [`${id} ${(n as FilesNode).globs.join(',')} ${[...states]}`];
    });
    expect(never).toEqual([]);
  });
});

test('the user policy: a content hit and a narrow content miss both occur under billing-sql', () => {
  const policy = policies.billing;
  const rule = policy.rules.find((r) => r.id === 'billing-sql');
  const states = new Set<string>();
  for (const change of fc.sample(arbitraryChangeFor(policy), { numRuns: 400, seed: propConfig().seed })) {
    const c = classify(policy, change);
    const sqlWithPatch = change.files.some((f) => f.path.endsWith('.sql') && f.patch !== undefined);
    if (!sqlWithPatch) continue;
    states.add(c.matches.some((m) => m.rule === rule?.id && m.state === 'true') ? 'hit' : 'miss');
  }
  expect([...states].sort()).toEqual(['hit', 'miss']);
});

test("arbitraryChange({ paths }) draws files from the user's own paths", () => {
  const paths = ['services/billing/api.ts', 'docs/runbook.md', 'web/app.tsx'];
  fc.assert(
    fc.property(arbitraryChange({ paths, minFiles: 1 }), (change) => {
      expect(validateAgainst('change', change)).toEqual([]);
      for (const f of change.files) expect(paths).toContain(f.path);
    }),
    propConfig(300),
  );
});

test('arbitraryChange({ segments, addedLines }) uses that vocabulary', () => {
  fc.assert(
    fc.property(
      arbitraryChange({ segments: ['svc', 'billing'], addedLines: ['x = 1'], minFiles: 1 }),
      (change) => {
        for (const f of change.files) {
          for (const s of f.path.split('/')) expect(['svc', 'billing']).toContain(s);
          for (const line of (f.patch ?? '').split('\n').filter((l) => /^[+-]/.test(l)))
            expect(line.slice(1)).toBe('x = 1');
        }
      },
    ),
    propConfig(200),
  );
});
