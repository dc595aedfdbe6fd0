import { describe, expect, test } from 'vitest';
import { TrustladderError } from '../errors.js';
import type { ChangeFile } from '../schemas/input-types/index.js';
import type { Tier } from '../tier.js';
import { classify } from './classify.js';
import { compareCodePoints } from './code-point-order.js';
import { compileBlastRadiusPolicy } from './compile-policy.js';
import type { Condition } from './policy-document.types.js';

function policy(rules: Array<{ tier: Tier; when: Condition }>, defaultTier: Tier = 'T2') {
  return compileBlastRadiusPolicy({
    apiVersion: 'trustladder.dev/v1',
    kind: 'BlastRadiusPolicy',
    metadata: { name: 'test' },
    default: defaultTier,
    rules: rules.map((r, i) => ({ id: `r${i}`, description: `rule ${i}`, ...r })),
  });
}

/** The state of a single rule's condition on a change: 'true' | 'false' | 'unknown'. */
function state(when: Condition, change: unknown): string {
  const c = classify(policy([{ tier: 'T3', when }]), change);
  return c.matches[0]?.state ?? 'false';
}

const file = (path: string, extra: Partial<ChangeFile> = {}): ChangeFile => ({
  path,
  status: 'modified',
  ...extra,
});

describe('files predicate', () => {
  test('is true when some file passes every criterion', () => {
    expect(state({ files: { paths: ['src/**'] } }, { files: [file('docs/a.md'), file('src/a.ts')] })).toBe(
      'true',
    );
    expect(state({ files: { paths: ['src/**'] } }, { files: [file('docs/a.md')] })).toBe('false');
  });

  test('checks status on the candidate file', () => {
    const when: Condition = { files: { paths: ['**'], status: ['added'] } };
    expect(state(when, { files: [file('a.ts')] })).toBe('false');
    expect(state(when, { files: [file('a.ts', { status: 'added' })] })).toBe('true');
    expect(
      state({ files: { paths: ['**'], status: 'deleted' } }, { files: [file('a', { status: 'deleted' })] }),
    ).toBe('true');
  });

  test('an excluded path is not a candidate', () => {
    const when: Condition = { files: { paths: ['src/**'], exclude: ['**/*.md'] } };
    expect(state(when, { files: [file('src/notes.md')] })).toBe('false');
    expect(state(when, { files: [file('src/notes.md'), file('src/x.ts')] })).toBe('true');
  });

  test('a rename is a candidate under either path', () => {
    const renamed = { path: 'docs/guide.md', previousPath: 'src/auth/notes.ts', status: 'renamed' };
    expect(state({ files: { paths: ['**/auth/**'] } }, { files: [renamed] })).toBe('true');
    expect(state({ files: { paths: ['docs/**'] } }, { files: [renamed] })).toBe('true');
  });

  test('content reads added lines only', () => {
    const when: Condition = {
      files: { paths: ['**/*.sql'], content: { pattern: '\\bdrop\\b', ignoreCase: true } },
    };
    expect(state(when, { files: [file('m.sql', { patch: '@@ -1 +1 @@\n-drop x\n+create y\n' })] })).toBe(
      'false',
    );
    expect(state(when, { files: [file('m.sql', { patch: '@@ -0,0 +1 @@\n+DROP TABLE y\n' })] })).toBe('true');
  });

  test('content is unknown for a candidate without a patch, and the pointer names it', () => {
    const when: Condition = { files: { paths: ['**/*.sql'], content: { pattern: 'drop' } } };
    const c = classify(policy([{ tier: 'T3', when }]), { files: [file('a.ts'), file('db/m.sql')] });
    expect(c.matches).toEqual([
      {
        rule: 'r0',
        tier: 'T3',
        state: 'unknown',
        description: 'rule 0',
        surfaces: ['db/m.sql'],
        unknown: ['/files/1/patch'],
      },
    ]);
  });

  test('content is unknown, never false, for a patch over the bound', () => {
    const when: Condition = { files: { paths: ['**'], content: { pattern: 'drop' } } };
    const change = { files: [file('a.sql', { patch: `@@ -0,0 +1 @@\n+${'x'.repeat(100)}\n` })] };
    expect(classify(policy([{ tier: 'T3', when }]), change, { maxPatchLength: 50 }).matches[0]?.state).toBe(
      'unknown',
    );
    expect(classify(policy([{ tier: 'T3', when }]), change).matches).toEqual([]);
  });

  test('a true file wins over an unknown one', () => {
    const when: Condition = { files: { paths: ['**'], content: { pattern: 'drop' } } };
    expect(state(when, { files: [file('a'), file('b', { patch: '+drop' })] })).toBe('true');
  });

  test('ignoreCase applies to paths', () => {
    expect(
      state({ files: { paths: ['**/auth/**'], ignoreCase: true } }, { files: [file('src/AUTH/x.ts')] }),
    ).toBe('true');
    expect(state({ files: { paths: ['**/auth/**'] } }, { files: [file('src/AUTH/x.ts')] })).toBe('false');
  });
});

describe('allFiles predicate', () => {
  const docs: Condition = { allFiles: { paths: ['docs/**', '**/*.md'] } };
  test('is true when every file matches, false with no files', () => {
    expect(state(docs, { files: [file('docs/a.txt'), file('README.md')] })).toBe('true');
    expect(state(docs, { files: [file('docs/a.txt'), file('src/a.ts')] })).toBe('false');
    expect(state(docs, { files: [] })).toBe('false');
  });

  test('a rename must pass under both paths', () => {
    expect(state(docs, { files: [{ path: 'docs/a.md', previousPath: 'src/a.ts', status: 'renamed' }] })).toBe(
      'false',
    );
    expect(state(docs, { files: [{ path: 'docs/a.md', previousPath: 'old/b.md', status: 'renamed' }] })).toBe(
      'true',
    );
  });

  test('a file with an excluded path fails it', () => {
    expect(
      state(
        { allFiles: { paths: ['**/*.md'], exclude: ['AGENTS.md'] } },
        { files: [file('a.md'), file('AGENTS.md')] },
      ),
    ).toBe('false');
  });

  test('is unknown when the only doubt is a missing patch', () => {
    const when: Condition = { allFiles: { paths: ['**'], content: { pattern: 'x' } } };
    expect(state(when, { files: [file('a', { patch: '+x' }), file('b')] })).toBe('unknown');
    expect(state(when, { files: [file('a', { patch: '+y' }), file('b')] })).toBe('false');
  });
});

describe('repos predicate', () => {
  test('counts distinct repos, file repo over change repo, repo-less files as one', () => {
    const when: Condition = { repos: { min: 2 } };
    expect(state(when, { repo: 'a/x', files: [file('1'), file('2')] })).toBe('false');
    expect(state(when, { repo: 'a/x', files: [file('1'), file('2', { repo: 'a/y' })] })).toBe('true');
    expect(state(when, { files: [file('1'), file('2')] })).toBe('false');
    expect(state(when, { files: [file('1'), file('2', { repo: 'a/y' })] })).toBe('true');
  });
});

describe('dependencies predicate', () => {
  const deps = (d: object[]) => ({ files: [], dependencies: d });
  test('{} matches any dependency change; a missing list is empty', () => {
    expect(state({ dependencies: {} }, deps([{ name: 'x', change: 'removed' }]))).toBe('true');
    expect(state({ dependencies: {} }, { files: [] })).toBe('false');
  });

  test('is unknown when a matching dependency lacks the asked allowlisted or score', () => {
    expect(state({ dependencies: { allowlisted: false } }, deps([{ name: 'x', change: 'added' }]))).toBe(
      'unknown',
    );
    expect(state({ dependencies: { scoreBelow: 0.5 } }, deps([{ name: 'x', change: 'added' }]))).toBe(
      'unknown',
    );
    expect(
      state({ dependencies: { change: 'removed', scoreBelow: 0.5 } }, deps([{ name: 'x', change: 'added' }])),
    ).toBe('false');
  });

  test('compares scores strictly below and inclusively at least', () => {
    const d = deps([{ name: 'x', change: 'added', score: 0.7, allowlisted: true, ecosystem: 'npm' }]);
    expect(state({ dependencies: { scoreBelow: 0.7 } }, d)).toBe('false');
    expect(state({ dependencies: { scoreAtLeast: 0.7 } }, d)).toBe('true');
    expect(state({ dependencies: { allowlisted: true, ecosystem: ['npm', 'go'], change: 'added' } }, d)).toBe(
      'true',
    );
    expect(state({ dependencies: { ecosystem: 'pypi' } }, d)).toBe('false');
  });

  test('a missing ecosystem is unknown when the ecosystem is asked', () => {
    expect(state({ dependencies: { ecosystem: 'npm' } }, deps([{ name: 'x', change: 'added' }]))).toBe(
      'unknown',
    );
  });
});

describe('coverage predicate', () => {
  const cov = (changedLines: number, coveredLines: number) => ({
    files: [],
    coverage: { changedLines, coveredLines },
  });
  test('below is strict, atLeast inclusive', () => {
    expect(state({ coverage: { below: 0.8 } }, cov(100, 80))).toBe('false');
    expect(state({ coverage: { atLeast: 0.8 } }, cov(100, 80))).toBe('true');
    expect(state({ coverage: { below: 0.8 } }, cov(100, 79))).toBe('true');
  });

  test('is unknown when coverage is missing or no line changed', () => {
    expect(state({ coverage: { atLeast: 0.8 } }, { files: [] })).toBe('unknown');
    expect(state({ coverage: { atLeast: 0.8 } }, cov(0, 0))).toBe('unknown');
  });

  test('covered lines above changed lines is an input error', () => {
    expect(() => classify(policy([]), cov(1, 2))).toThrow(TrustladderError);
  });
});

describe('service predicate', () => {
  test('has needs every flag true; lacks needs every flag not true; missing service is unknown', () => {
    const guarded = { files: [], service: { slo: true, canary: true, killSwitch: true } };
    expect(state({ service: { has: ['slo', 'canary', 'killSwitch'] } }, guarded)).toBe('true');
    expect(state({ service: { has: ['slo', 'canary'] } }, { files: [], service: { slo: true } })).toBe(
      'false',
    );
    expect(state({ service: { lacks: ['killSwitch'] } }, { files: [], service: { slo: true } })).toBe('true');
    expect(state({ service: { has: ['slo'] } }, { files: [] })).toBe('unknown');
  });
});

describe('labels predicate', () => {
  test('anyOf and allOf; a missing list is empty, never unknown', () => {
    expect(state({ labels: { anyOf: ['a', 'b'] } }, { files: [], labels: ['b'] })).toBe('true');
    expect(state({ labels: { allOf: ['a', 'b'] } }, { files: [], labels: ['b'] })).toBe('false');
    expect(state({ labels: { anyOf: ['a'] } }, { files: [] })).toBe('false');
  });
});

describe('rowsAffected predicate', () => {
  test('is strictly above; unknown when data or rowsAffected is missing', () => {
    expect(
      state({ rowsAffected: { above: 1_000_000 } }, { files: [], data: { rowsAffected: 1_000_001 } }),
    ).toBe('true');
    expect(
      state({ rowsAffected: { above: 1_000_000 } }, { files: [], data: { rowsAffected: 1_000_000 } }),
    ).toBe('false');
    expect(state({ rowsAffected: { above: 1 } }, { files: [], data: {} })).toBe('unknown');
    expect(state({ rowsAffected: { above: 1 } }, { files: [] })).toBe('unknown');
  });
});

describe('Kleene combinators', () => {
  const T: Condition = { repos: { min: 1 } };
  const F: Condition = { labels: { anyOf: ['never'] } };
  const U: Condition = { service: { has: ['slo'] } };
  const one = { files: [file('a')] };
  test.each<[string, Condition, string]>([
    ['allOf T U', { allOf: [T, U] }, 'unknown'],
    ['allOf F U', { allOf: [F, U] }, 'false'],
    ['anyOf T U', { anyOf: [T, U] }, 'true'],
    ['anyOf F U', { anyOf: [F, U] }, 'unknown'],
    ['not U', { not: U }, 'unknown'],
    ['not T', { not: T }, 'false'],
    ['not F', { not: F }, 'true'],
  ])('%s is %s', (_, when, expected) => {
    expect(state(when, one)).toBe(expected);
  });
});

describe('decision', () => {
  const T: Condition = { repos: { min: 1 } };
  const U: Condition = { service: { has: ['slo'] } };
  const one = { files: [file('a')] };

  test('true rules set the tier; the default is ignored', () => {
    const c = classify(policy([{ tier: 'T0', when: T }], 'T2'), one);
    expect([c.tier, c.defaulted, c.ambiguous]).toEqual(['T0', false, false]);
  });

  test('no true rule: the default applies', () => {
    const c = classify(policy([], 'T2'), one);
    expect([c.tier, c.defaulted, c.ambiguous, c.matches]).toEqual(['T2', true, false, []]);
  });

  test('an unknown rule raises the default and marks the result ambiguous', () => {
    const c = classify(policy([{ tier: 'T3', when: U }], 'T2'), one);
    expect([c.tier, c.defaulted, c.ambiguous]).toEqual(['T3', true, true]);
  });

  test('an unknown rule raises true rules and marks the result ambiguous', () => {
    const c = classify(
      policy([
        { tier: 'T1', when: T },
        { tier: 'T3', when: U },
      ]),
      one,
    );
    expect([c.tier, c.defaulted, c.ambiguous]).toEqual(['T3', false, true]);
  });

  test('an unknown rule below the decided tier changes nothing and is not ambiguous', () => {
    const c = classify(
      policy([
        { tier: 'T2', when: T },
        { tier: 'T1', when: U },
      ]),
      one,
    );
    expect([c.tier, c.defaulted, c.ambiguous, c.matches.length]).toEqual(['T2', false, false, 2]);
  });

  test('an unknown rule at the tier of the true rules is not ambiguous', () => {
    const c = classify(
      policy([
        { tier: 'T2', when: T },
        { tier: 'T2', when: U },
      ]),
      one,
    );
    expect([c.tier, c.ambiguous]).toEqual(['T2', false]);
  });
});

describe('bad changes', () => {
  test.each<[string, unknown, string]>([
    ['not an object', 'x', ''],
    ['no files', {}, '/files'],
    ['a bad status', { files: [{ path: 'a', status: 'moved' }] }, '/files/0/status'],
    ['a rename without previousPath', { files: [{ path: 'a', status: 'renamed' }] }, '/files/0/previousPath'],
    ['an escaping path', { files: [{ path: '../a', status: 'added' }] }, '/files/0/path'],
    [
      'an absolute previousPath',
      { files: [{ path: 'a', previousPath: '/b', status: 'renamed' }] },
      '/files/0/previousPath',
    ],
    ['an unknown field', { files: [], servce: {} }, '/servce'],
    [
      'a score above 1',
      { files: [], dependencies: [{ name: 'x', change: 'added', score: 2 }] },
      '/dependencies/0/score',
    ],
  ])('%s is INVALID_INPUT at %s', (_, change, path) => {
    try {
      classify(policy([]), change);
      expect.unreachable('classified an invalid change');
    } catch (e) {
      expect(e).toBeInstanceOf(TrustladderError);
      expect((e as TrustladderError).code).toBe('INVALID_INPUT');
      expect((e as TrustladderError).issues.map((i) => i.path)).toContain(path);
    }
  });
});

describe('compareCodePoints', () => {
  test('orders by code point: astral characters after U+E000..U+FFFF, unlike UTF-16', () => {
    const words = ['\u{1F600}', '\uFFFD', 'a', 'ab', '', '\uE000', 'Z', '\u00e9'];
    const byCodePoint = [...words].sort((x, y) => {
      const a = Array.from(x).map((c) => c.codePointAt(0) ?? 0);
      const b = Array.from(y).map((c) => c.codePointAt(0) ?? 0);
      for (let i = 0; i < Math.min(a.length, b.length); i++)
        if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
      return a.length - b.length;
    });
    expect([...words].sort(compareCodePoints)).toEqual(byCodePoint);
    expect(byCodePoint.indexOf('\u{1F600}')).toBeGreaterThan(byCodePoint.indexOf('\uFFFD'));
  });
});
