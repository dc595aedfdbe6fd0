import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { loadDocument } from '../load/document.js';
import type { Tier } from '../tier.js';
import type {
  BlastRadiusPolicyDocument,
  LayeredPolicyDocument,
  PolicyRule,
} from './policy-document.types.js';
import { resolveLayers } from './resolve-layers.js';

// What resolveLayers itself returns, before compilePolicy sees it: the resolved rules, the
// pointer of each into the document as written (errors in a rule point there), and the
// refusals of layering, which the compiler's own duplicate-id check would report with a
// message that does not say to use overrides.

const defaults = loadDocument(DEFAULT_POLICY_TEXTS['blast-radius'], 'blast-radius')
  .value as BlastRadiusPolicyDocument;
const ids = (rules: readonly PolicyRule[]) => rules.map((r) => r.id);
const rule = (id: string, tier: Tier = 'T3'): PolicyRule => ({
  id,
  tier,
  description: 'd',
  when: { repos: { min: 2 } },
});
const layer = (parts: Partial<LayeredPolicyDocument>): LayeredPolicyDocument => ({
  apiVersion: 'trustladder.dev/v1',
  kind: 'BlastRadiusPolicy',
  metadata: { name: 'layer' },
  extends: 'default',
  rules: [],
  ...parts,
});

describe('resolveLayers', () => {
  test('each resolved rule points to where it was written: the base, an override, or an added rule', () => {
    const resolved = resolveLayers(
      layer({ overrides: [rule('t2-multi-repo')], rules: [rule('a'), rule('b')] }),
    );
    const overridden = ids(defaults.rules).indexOf('t2-multi-repo');
    expect(overridden).toBeGreaterThanOrEqual(0);
    expect(resolved.issues).toEqual([]);
    expect(ids(resolved.document.rules)).toEqual([...ids(defaults.rules), 'a', 'b']);
    expect(resolved.origins).toEqual([
      ...defaults.rules.map((_, i) => (i === overridden ? '/overrides/0' : '/extends')),
      '/rules/0',
      '/rules/1',
    ]);
  });

  test('a whole policy is returned as written, each rule at its own pointer', () => {
    const { extends: _base, ...rest } = layer({ rules: [rule('a'), rule('b')] });
    const whole: LayeredPolicyDocument = { ...rest, default: 'T1' };
    const resolved = resolveLayers(whole);
    expect(resolved).toEqual({ document: whole, origins: ['/rules/0', '/rules/1'], issues: [] });
  });

  test('an added rule that reuses a base id is refused and left out: the base rule stays, once', () => {
    const resolved = resolveLayers(layer({ rules: [rule('t3-auth', 'T1'), rule('a')] }));
    expect(resolved.issues.map((i) => [i.code, i.path])).toEqual([['duplicate_rule_id', '/rules/0/id']]);
    expect(resolved.document.rules.filter((r) => r.id === 't3-auth')).toEqual(
      defaults.rules.filter((r) => r.id === 't3-auth'),
    );
    expect(ids(resolved.document.rules)).toEqual([...ids(defaults.rules), 'a']);
    expect(resolved.origins.at(-1)).toBe('/rules/1');
  });
});
