import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { TrustladderError } from '../errors.js';
import { loadDocument } from '../load/document.js';
import type { Change } from '../schemas/input-types/index.js';
import { arbitraryChange, arbitraryCondition } from '../testing/index.js';
import { propConfig } from '../testing/prop-config.js';
import { tierRank } from '../tier.js';
import { classify } from './classify.js';
import { compileBlastRadiusPolicy, loadBlastRadiusPolicy } from './compile-policy.js';
import type { CompiledPolicy } from './compiled.types.js';

const header = 'apiVersion: trustladder.dev/v1\nkind: BlastRadiusPolicy\nmetadata: {name: t}\ndefault: T2\n';

function loadError(text: string): TrustladderError {
  try {
    loadBlastRadiusPolicy(text, { source: 'p.yaml' });
  } catch (e) {
    if (e instanceof TrustladderError) return e;
    throw e;
  }
  throw new Error('the policy loaded');
}

const issues = (e: TrustladderError) => e.issues.map((i) => [i.code, i.path]);

describe('loadBlastRadiusPolicy', () => {
  test('compiles globs to regexes and flattens conditions in pre-order', () => {
    const p = loadBlastRadiusPolicy(
      `${header}rules:\n  - {id: r, tier: T3, description: d, when: {allOf: [{files: {paths: ["**/auth/**"]}}, {not: {repos: {min: 2}}}]}}\n`,
    );
    expect(p.rules).toEqual([{ id: 'r', tier: 'T3', description: 'd', root: 0 }]);
    expect(p.nodes.map((n) => [n.id, n.depth, n.op])).toEqual([
      [0, 0, 'allOf'],
      [1, 1, 'files'],
      [2, 1, 'not'],
      [3, 2, 'repos'],
    ]);
    expect(p.nodes[1]).toMatchObject({ paths: ['^(?:[^/]*/)*auth(?:/.*)?$'], at: '/rules/0/when/allOf/0' });
    expect(p.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test('gives the same digest to the same policy written differently', () => {
    const a = loadBlastRadiusPolicy(`${header}rules: []\n`);
    const b = loadBlastRadiusPolicy(
      '{"rules": [], "default": "T2", "metadata": {"name": "t"}, "kind": "BlastRadiusPolicy", "apiVersion": "trustladder.dev/v1"}',
      { format: 'json' },
    );
    expect(a.digest).toBe(b.digest);
    expect(loadBlastRadiusPolicy(`${header.replace('T2', 'T3')}rules: []\n`).digest).not.toBe(a.digest);
  });

  test('reports every problem at once, each at its JSON pointer', () => {
    const e = loadError(
      `${header}rules:\n` +
        '  - {id: a, tier: T3, description: d, when: {files: {paths: ["[abc"]}}}\n' +
        '  - {id: a, tier: T9, description: d, when: {files: {paths: ["x"], content: {pattern: "(?<=a)b"}}}}\n' +
        '  - {id: c, tier: T1, description: d, when: {files: {paths: ["x"]}, repos: {min: 2}}}\n' +
        '  - {id: d, tier: T1, description: d, when: {files: {paths: ["x"], typo: 1}}}\n',
    );
    expect(e.code).toBe('INVALID_DOCUMENT');
    expect(issues(e)).toEqual(
      expect.arrayContaining([
        ['enum', '/rules/1/tier'],
        ['maxProperties', '/rules/2/when'],
        ['unknown_property', '/rules/3/when/files/typo'],
      ]),
    );
  });

  test('reports bad globs, RE2-incompatible patterns and duplicate ids after the schema passes', () => {
    const e = loadError(
      `${header}rules:\n` +
        '  - {id: a, tier: T3, description: d, when: {files: {paths: ["ok/**", "[abc"]}}}\n' +
        '  - {id: a, tier: T3, description: d, when: {files: {paths: ["x"], content: {pattern: "(?<=a)b"}}}}\n' +
        '  - {id: b, tier: T3, description: d, when: {files: {paths: ["x"], content: {pattern: "(a)\\\\1"}}}}\n' +
        '  - {id: c, tier: T3, description: d, when: {files: {paths: ["x"], exclude: ["/abs"]}}}\n',
    );
    expect(issues(e)).toEqual([
      ['invalid_glob', '/rules/0/when/files/paths/1'],
      ['duplicate_rule_id', '/rules/1/id'],
      ['invalid_pattern', '/rules/1/when/files/content/pattern'],
      ['invalid_pattern', '/rules/2/when/files/content/pattern'],
      ['invalid_glob', '/rules/3/when/files/exclude/0'],
    ]);
    expect(e.issues[0]?.position?.line).toBe(6);
  });

  test('checks each notWithin header as RE2 at its own pointer, and the lines option by the schema', () => {
    const e = loadError(
      `${header}rules:\n` +
        '  - {id: a, tier: T3, description: d, when: {files: {paths: ["x"], content: {pattern: "drop", notWithin: ["^down$", "(?!x)"]}}}}\n',
    );
    expect(issues(e)).toEqual([['invalid_pattern', '/rules/0/when/files/content/notWithin/1']]);
    const schema = loadError(
      `${header}rules:\n` +
        '  - {id: a, tier: T3, description: d, when: {files: {paths: ["x"], content: {pattern: "x", lines: removed, notWithin: []}}}}\n',
    );
    expect(issues(schema)).toEqual(
      expect.arrayContaining([
        ['enum', '/rules/0/when/files/content/lines'],
        ['minItems', '/rules/0/when/files/content/notWithin'],
      ]),
    );
  });

  test('refuses conditions nested deeper than the Rego engine unrolls', () => {
    let when = '{repos: {min: 1}}';
    for (let i = 0; i < 9; i++) when = `{not: ${when}}`;
    const e = loadError(`${header}rules:\n  - {id: deep, tier: T3, description: d, when: ${when}}\n`);
    expect(e.issues.map((i) => i.code)).toContain('too_deep');
  });

  test('refuses YAML syntax errors, alias bombs and oversized files with their own codes', () => {
    expect(loadError('a: [1, 2\n').code).toBe('PARSE_ERROR');
    expect(loadError(`${header}rules: &r []\nx: *r\n`).code).toBe('PARSE_ERROR');
    expect(loadError(`${header}rules: []\n# ${'x'.repeat(5 * 1024 * 1024)}\n`).code).toBe('TOO_LARGE');
  });

  test('compileBlastRadiusPolicy validates an already parsed document', () => {
    expect(() => compileBlastRadiusPolicy({ kind: 'BlastRadiusPolicy' })).toThrow(TrustladderError);
  });

  test('the error names the file, the pointer and the problem in one line', () => {
    const e = loadError(`${header}rules:\n  - {id: a, tier: T9, description: d, when: {repos: {min: 2}}}\n`);
    expect(e.firstLine()).toMatch(/^p\.yaml:\d+:\d+ \/rules\/0\/tier: /);
  });
});

// Layering (resolve-layers.ts): extends, overrides, and the digest over the result.
const defaultPolicy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
const head =
  'apiVersion: trustladder.dev/v1\nkind: BlastRadiusPolicy\nmetadata: {name: auth-service}\nextends: default\n';
const code = (path: string): Change => ({
  files: [{ path, status: 'modified', patch: '@@ -0,0 +1 @@\n+x := 1\n' }],
});

describe('extends: default', () => {
  test('alone, it is the default policy: same rules, same default, same decisions', () => {
    const p = loadBlastRadiusPolicy(`${head}rules: []\n`);
    expect(p.rules.map((r) => [r.id, r.tier])).toEqual(defaultPolicy.rules.map((r) => [r.id, r.tier]));
    expect(p.default).toBe(defaultPolicy.default);
    expect(classify(p, code('src/auth/login.go')).matches).toEqual(
      classify(defaultPolicy, code('src/auth/login.go')).matches,
    );
  });

  test("an added rule raises a service's own paths: internal/api/** is T3 in an auth service", () => {
    const p = loadBlastRadiusPolicy(
      `${head}rules:\n  - {id: auth-service-api, tier: T3, description: the API of the auth service, when: {files: {paths: ["internal/api/**"]}}}\n`,
    );
    expect(classify(defaultPolicy, code('internal/api/users.go')).tier).toBe('T2');
    const c = classify(p, code('internal/api/users.go'));
    expect(c.tier).toBe('T3');
    expect(c.matches.find((m) => m.state === 'true')?.rule).toBe('auth-service-api');
    expect(p.rules.at(-1)?.id).toBe('auth-service-api');
  });

  test('an override replaces the base rule of the same id, in place', () => {
    const p = loadBlastRadiusPolicy(
      `${head}rules: []\noverrides:\n  - {id: t2-shared-library, tier: T3, description: our shared code, when: {files: {paths: ["pkg/**"]}}}\n`,
    );
    const index = defaultPolicy.rules.findIndex((r) => r.id === 't2-shared-library');
    expect(p.rules[index]).toMatchObject({
      id: 't2-shared-library',
      tier: 'T3',
      description: 'our shared code',
    });
    expect(classify(p, code('pkg/money/format.go')).tier).toBe('T3');
    expect(classify(p, code('libs/x/a.go')).matches.some((m) => m.rule === 't2-shared-library')).toBe(false);
  });

  test('the default is inherited unless the layer sets its own', () => {
    expect(loadBlastRadiusPolicy(`${head}rules: []\n`).default).toBe('T2');
    expect(loadBlastRadiusPolicy(`${head}default: T3\nrules: []\n`).default).toBe('T3');
  });

  test('the digest covers the resolved policy: any override or added rule changes it', () => {
    const plain = loadBlastRadiusPolicy(`${head}rules: []\n`).digest;
    const added = loadBlastRadiusPolicy(
      `${head}rules:\n  - {id: x, tier: T3, description: d, when: {files: {paths: ["a/**"]}}}\n`,
    ).digest;
    const overridden = loadBlastRadiusPolicy(
      `${head}rules: []\noverrides:\n  - {id: t2-multi-repo, tier: T3, description: d, when: {repos: {min: 2}}}\n`,
    ).digest;
    expect(new Set([plain, added, overridden, defaultPolicy.digest]).size).toBe(4);
    // Written as a whole policy, the same resolved rules give the same digest.
    const raw = loadDocument(DEFAULT_POLICY_TEXTS['blast-radius'], 'blast-radius').value as object;
    const whole = compileBlastRadiusPolicy({ ...raw, metadata: { name: 'auth-service' } });
    expect(whole.digest).toBe(plain);
  });
});

describe('layering fails closed', () => {
  test('an override of an id the base does not have is an error, with its pointer and line', () => {
    const e = loadError(
      `${head}rules: []\noverrides:\n  - {id: t3-payment, tier: T2, description: typo, when: {repos: {min: 9}}}\n`,
    );
    expect(e.code).toBe('INVALID_DOCUMENT');
    expect(issues(e)).toEqual([['unknown_override', '/overrides/0/id']]);
    expect(e.issues[0]?.position?.line).toBe(7);
  });

  test('an added rule that reuses a base id is an error (it belongs under overrides)', () => {
    const e = loadError(
      `${head}rules:\n  - {id: t3-auth, tier: T1, description: d, when: {repos: {min: 9}}}\n`,
    );
    expect(issues(e)).toEqual([['duplicate_rule_id', '/rules/0/id']]);
  });

  test('an id overridden twice is an error', () => {
    const rule = '{id: t2-multi-repo, tier: T3, description: d, when: {repos: {min: 2}}}';
    const e = loadError(`${head}rules: []\noverrides:\n  - ${rule}\n  - ${rule}\n`);
    expect(issues(e)).toEqual([['duplicate_rule_id', '/overrides/1/id']]);
  });

  test('a bad glob in an added rule points into the document as written', () => {
    const e = loadError(
      `${head}rules:\n  - {id: x, tier: T3, description: d, when: {files: {paths: ["[oops"]}}}\n`,
    );
    expect(issues(e)).toEqual([['invalid_glob', '/rules/0/when/files/paths/0']]);
  });

  test('an unknown base, overrides without extends, or no default without extends are schema errors', () => {
    expect(loadError(`${head.replace('extends: default', 'extends: other')}rules: []\n`).code).toBe(
      'INVALID_DOCUMENT',
    );
    const whole = 'apiVersion: trustladder.dev/v1\nkind: BlastRadiusPolicy\nmetadata: {name: t}\n';
    expect(issues(loadError(`${whole}rules: []\n`))).toEqual([['required', '/default']]);
    const e = loadError(`${whole}default: T2\nrules: []\noverrides: []\n`);
    expect(e.code).toBe('INVALID_DOCUMENT');
  });
});

describe('an extending policy that only adds rules at or above the default tier', () => {
  // Compiling the default takes a while, so six random layers are compiled once and the
  // property runs over random changes against each of them.
  const { seed, numRuns } = propConfig(1000);
  const addedRules = fc.array(fc.record({ tier: fc.constantFrom('T2', 'T3'), when: arbitraryCondition(2) }), {
    minLength: 1,
    maxLength: 4,
  });
  const layers = fc.sample(addedRules, { seed, numRuns: 6 }).map((rules) =>
    compileBlastRadiusPolicy({
      apiVersion: 'trustladder.dev/v1',
      kind: 'BlastRadiusPolicy',
      metadata: { name: 'layer' },
      extends: 'default',
      rules: rules.map((r, i) => ({ id: `added-${i}`, description: 'added', ...r })),
    }),
  );

  test('never classifies a change below the default policy', () => {
    fc.assert(
      fc.property(fc.nat({ max: layers.length - 1 }), arbitraryChange(), (k, change) => {
        const layered = layers[k] as (typeof layers)[number];
        expect(tierRank(classify(layered, change).tier)).toBeGreaterThanOrEqual(
          tierRank(classify(defaultPolicy, change).tier),
        );
      }),
      { seed, numRuns },
    );
  });
});

describe('examples/policy-layering (as docs/blast-radius.md shows it)', () => {
  const dir = join(import.meta.dirname, '../../../../examples/policy-layering');
  const change = JSON.parse(readFileSync(join(dir, 'api-route.json'), 'utf8'));
  const trueRules = (p: CompiledPolicy) =>
    classify(p, change)
      .matches.filter((m) => m.state === 'true')
      .map((m) => [m.rule, m.tier]);

  test('the default sees a new route (T2); the auth service layer makes its API T3', () => {
    const layered = loadBlastRadiusPolicy(readFileSync(join(dir, 'auth-service.yaml'), 'utf8'));
    expect(classify(defaultPolicy, change).tier).toBe('T2');
    expect(trueRules(defaultPolicy)).toEqual([['t2-new-public-api', 'T2']]);
    expect(classify(layered, change)).toMatchObject({ tier: 'T3', policy: { name: 'auth-service' } });
    expect(trueRules(layered)).toEqual([
      ['t2-new-public-api', 'T2'],
      ['auth-service-api', 'T3'],
    ]);
  });
});
