import { describe, expect, test } from 'vitest';
import { TrustladderError } from '../errors.js';
import type { Change } from '../schemas/input-types/index.js';
import { classify } from './classify.js';
import { compileBlastRadiusPolicy, loadBlastRadiusPolicy } from './compile-policy.js';
import { MAX_CONDITION_DEPTH } from './compiled.types.js';
import type { Condition } from './policy-document.types.js';

// What the compiler carries from a policy document into its compiled form, field by field, at
// the edges the schema leaves to it: the deepest nesting it accepts, the case of notWithin
// headers, a service's `lacks`, and what a refused parsed document reports.

function compiled(when: Condition) {
  return compileBlastRadiusPolicy({
    apiVersion: 'trustladder.dev/v1',
    kind: 'BlastRadiusPolicy',
    metadata: { name: 'fields' },
    default: 'T0',
    rules: [{ id: 'r', description: 'rule', tier: 'T3', when }],
  });
}

function nested(levels: number): Condition {
  let when: Condition = { repos: { min: 1 } };
  for (let i = 0; i < levels; i++) when = { not: when };
  return when;
}

describe('nesting', () => {
  test(`a leaf at depth ${MAX_CONDITION_DEPTH} compiles; one level deeper is refused at its pointer`, () => {
    expect(compiled(nested(MAX_CONDITION_DEPTH)).nodes).toHaveLength(MAX_CONDITION_DEPTH + 1);
    let error: unknown;
    try {
      compiled(nested(MAX_CONDITION_DEPTH + 1));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrustladderError);
    expect((error as TrustladderError).issues.map((i) => [i.code, i.path])).toEqual([
      ['too_deep', `/rules/0/when${'/not'.repeat(MAX_CONDITION_DEPTH + 1)}`],
    ]);
  });
});

describe('notWithin headers', () => {
  const change = (header: string): Change => ({
    files: [{ path: 'm.py', status: 'modified', patch: `@@ -1,1 +1,2 @@\n ${header}\n+    drop_table()\n` }],
  });
  const rule = (ignoreCase?: boolean): Condition => ({
    files: {
      paths: ['**'],
      content: {
        pattern: 'drop_table',
        notWithin: ['^def down'],
        ...(ignoreCase === undefined ? {} : { ignoreCase }),
      },
    },
  });

  test('match case-sensitively unless the content asks for ignoreCase', () => {
    // A header in other case does not open the block, so the line is searched and matches.
    expect(classify(compiled(rule()), change('DEF DOWN():')).tier).toBe('T3');
    expect(classify(compiled(rule(false)), change('DEF DOWN():')).tier).toBe('T3');
    expect(classify(compiled(rule()), change('def down():')).tier).toBe('T0');
    expect(classify(compiled(rule(true)), change('DEF DOWN():')).tier).toBe('T0');
  });

  test('compile to one RE2 alternation carrying the content’s case flag', () => {
    const node = (ignoreCase?: boolean) => compiled(rule(ignoreCase)).nodes[0];
    expect(node()).toMatchObject({ notWithin: '(?:^def down)' });
    expect(node(true)).toMatchObject({ notWithin: '(?:(?i)^def down)' });
  });
});

describe('service', () => {
  test('lacks is carried: a flag it names that is set makes the condition false', () => {
    const policy = compiled({ service: { lacks: ['killSwitch'] } });
    expect(policy.nodes[0]).toMatchObject({ op: 'service', has: [], lacks: ['killSwitch'] });
    expect(classify(policy, { files: [], service: { killSwitch: true } }).tier).toBe('T0');
    expect(classify(policy, { files: [], service: { killSwitch: false } }).tier).toBe('T3');
  });
});

describe('compileBlastRadiusPolicy on a parsed document', () => {
  test('a schema refusal names its source and each problem at its pointer', () => {
    let error: unknown;
    try {
      compileBlastRadiusPolicy(
        {
          apiVersion: 'trustladder.dev/v1',
          kind: 'BlastRadiusPolicy',
          metadata: { name: 'x' },
          default: 'T9',
          rules: [],
        },
        { source: 'parsed.json' },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrustladderError);
    const refusal = error as TrustladderError;
    expect(refusal.code).toBe('INVALID_DOCUMENT');
    expect(refusal.source).toBe('parsed.json');
    expect(refusal.issues.map((i) => i.path)).toEqual(['/default']);
  });

  test('a refusal past the schema names its source as loadBlastRadiusPolicy does', () => {
    const text =
      'apiVersion: trustladder.dev/v1\nkind: BlastRadiusPolicy\nmetadata: {name: t}\ndefault: T0\nrules:\n' +
      '  - {id: a, tier: T1, description: d, when: {repos: {min: 1}}}\n' +
      '  - {id: a, tier: T1, description: d, when: {repos: {min: 1}}}\n';
    expect(() => loadBlastRadiusPolicy(text, { source: 'p.yaml' })).toThrow(
      expect.objectContaining({
        source: 'p.yaml',
        issues: [expect.objectContaining({ path: '/rules/1/id' })],
      }),
    );
  });
});
