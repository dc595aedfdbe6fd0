import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { runKyvernoTest } from './kyverno-test-runner.js';

// The committed output for the default policies/attestors.yaml (CI regenerates it and fails
// on any difference, scripts/test.d/50-kyverno-drift.sh).
const KYVERNO = join(import.meta.dirname, '../../../../kyverno');
const FIXTURES = join(KYVERNO, '.kyverno-test');

const policyNames = () =>
  readdirSync(KYVERNO)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .map((f) => f.replace(/\.yaml$/, ''));

const testDirs = (policy: string) =>
  existsSync(join(FIXTURES, policy))
    ? readdirSync(join(FIXTURES, policy))
        .map((s) => join(FIXTURES, policy, s))
        .filter((d) => existsSync(join(d, 'kyverno-test.yaml')))
    : [];

describe('kyverno/.kyverno-test', () => {
  test('every generated policy has fixtures with at least one passing and one failing resource', () => {
    const names = policyNames();
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) {
      const results = testDirs(name).flatMap((d) => {
        const t = yaml.load(readFileSync(join(d, 'kyverno-test.yaml'), 'utf8')) as {
          results: Array<{ policy: string; result: string; resources: string[] }>;
        };
        return t.results.filter((r) => r.policy === name);
      });
      expect(
        results.some((r) => r.result === 'pass' && r.resources.length > 0),
        `${name} has a good resource`,
      ).toBe(true);
      expect(
        results.some((r) => r.result === 'fail' && r.resources.length > 0),
        `${name} has a bad resource`,
      ).toBe(true);
    }
  });

  test('kustomization.yaml lists exactly the generated policies', () => {
    const k = yaml.load(readFileSync(join(KYVERNO, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect([...k.resources].sort()).toEqual(
      policyNames()
        .map((n) => `${n}.yaml`)
        .sort(),
    );
  });

  test('every expected fixture result holds in the admission simulator', () => {
    const outcomes = policyNames().flatMap((name) => testDirs(name).flatMap((d) => runKyvernoTest(d)));
    expect(outcomes.length).toBeGreaterThan(30);
    const wrong = outcomes.filter((o) => o.actual !== o.expected);
    expect(wrong).toEqual([]);
  });
});
