import { describe, expect, test } from 'vitest';
import { TrustladderError } from '../../errors.js';
import { loadDependencyFacts } from './dependency-facts.js';
import { applyExtraFacts, readExtraFacts } from './extra-facts.js';

const codes = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TrustladderError);
    return (e as TrustladderError).issues.map((i) => `${i.code} ${i.path}`);
  }
  throw new Error('accepted');
};

describe('--facts documents', () => {
  test('sets facts by pointer; labels only add', () => {
    const change: Record<string, unknown> = { files: [], labels: ['a'] };
    const facts = readExtraFacts(
      '{"/data/rowsAffected": 5, "/labels": ["b", "a"], "/service/slo": true}',
      'f.json',
    );
    expect(applyExtraFacts(change, facts, new Set())).toEqual([
      '/data/rowsAffected',
      '/labels',
      '/service/slo',
    ]);
    expect(change).toEqual({
      files: [],
      labels: ['a', 'b'],
      data: { rowsAffected: 5 },
      service: { slo: true },
    });
  });

  test('the files, repository and dependencies are never set from a facts file; unknown pointers are errors', () => {
    expect(
      codes(() =>
        readExtraFacts('{"/files": [], "/repo": "x", "/data/rowsAfected": 1, "data": 1}', 'f.json'),
      ),
    ).toEqual([
      'unknown_pointer /~1files',
      'unknown_pointer /~1repo',
      'unknown_pointer /~1data~1rowsAfected',
      'unknown_pointer /data',
    ]);
  });

  test('a fact another source gave, at, above or below it, is a conflict', () => {
    const facts = readExtraFacts('{"/coverage/changedLines": 3}', 'f.json');
    expect(codes(() => applyExtraFacts({ files: [] }, facts, new Set(['/coverage'])))).toEqual([
      'conflict /~1coverage~1changedLines',
    ]);
    const whole = readExtraFacts('{"/service": {"name": "x"}}', 'f.json');
    expect(codes(() => applyExtraFacts({ files: [] }, whole, new Set(['/service/slo'])))).toEqual([
      'conflict /~1service',
    ]);
  });

  test('not an object, or not JSON', () => {
    expect(codes(() => readExtraFacts('[1]', 'f.json'))).toEqual(['type ']);
    expect(codes(() => readExtraFacts('{', 'f.json'))).toEqual(['syntax ']);
  });
});

describe('--dependency-facts documents', () => {
  const head = 'apiVersion: trustladder.dev/v1\nkind: DependencyFacts\nmetadata: { name: ci }\n';

  test('an allowlist is the whole allowlist; globs and PyPI names are matched as the policy and PyPI do', () => {
    const facts = loadDependencyFacts(
      `${head}allowlist:\n  - { ecosystem: npm, name: "@acme/*" }\n  - { ecosystem: pypi, name: Flask }\n`,
      'deps.yaml',
    );
    expect(facts.allowlisted?.('npm', '@acme/ui')).toBe(true);
    expect(facts.allowlisted?.('npm', '@acme/ui/deep')).toBe(false);
    expect(facts.allowlisted?.('npm', 'left-pad')).toBe(false);
    expect(facts.allowlisted?.('go', '@acme/ui')).toBe(false);
    expect(facts.allowlisted?.('pypi', 'flask')).toBe(true);
  });

  test('no allowlist: allowlisted stays unknown; a missing score stays unknown; the lower of two scores counts', () => {
    const facts = loadDependencyFacts(
      `${head}scores:\n  - { ecosystem: npm, name: a, score: 0.9 }\n  - { ecosystem: npm, name: a, scorecard: 6 }\n`,
      'deps.yaml',
    );
    expect(facts.allowlisted).toBeUndefined();
    expect(facts.score('npm', 'a')).toBe(0.6);
    expect(facts.score('npm', 'b')).toBeUndefined();
  });

  test('a score out of range, both kinds of score, or a bad glob is an error', () => {
    expect(
      codes(() =>
        loadDependencyFacts(`${head}scores:\n  - { ecosystem: npm, name: a, score: 7 }\n`, 'd.yaml'),
      ),
    ).toEqual(['maximum /scores/0/score']);
    expect(
      codes(() =>
        loadDependencyFacts(
          `${head}scores:\n  - { ecosystem: npm, name: a, score: 0.5, scorecard: 5 }\n`,
          'd.yaml',
        ),
      ),
    ).toEqual(['oneOf /scores/0']);
    expect(
      codes(() => loadDependencyFacts(`${head}allowlist:\n  - { ecosystem: npm, name: "[a-" }\n`, 'd.yaml')),
    ).toEqual(['invalid_glob /allowlist/0/name']);
  });
});
