import { describe, expectTypeOf, test } from 'vitest';
import type { Result } from '../issues.js';
import type { Tier } from '../tier.js';
import type { Classification, RuleMatch } from './classification.types.js';
import { classify } from './classify.js';
import { loadBlastRadiusPolicy } from './compile-policy.js';
import type { CompiledPolicy, ConditionNode, Truth } from './compiled.types.js';

describe('types of the classifier API', () => {
  test('classify takes a compiled policy and an unknown change, and returns a Classification', () => {
    expectTypeOf(classify).parameter(0).toEqualTypeOf<CompiledPolicy>();
    expectTypeOf(classify).parameter(1).toBeUnknown();
    expectTypeOf(classify).returns.toEqualTypeOf<Classification>();
    expectTypeOf(loadBlastRadiusPolicy).returns.toEqualTypeOf<CompiledPolicy>();
  });

  test('a match is only ever true or unknown; tiers are the four names', () => {
    expectTypeOf<RuleMatch['state']>().toEqualTypeOf<'true' | 'unknown'>();
    expectTypeOf<Exclude<Truth, RuleMatch['state']>>().toEqualTypeOf<'false'>();
    expectTypeOf<Tier>().toEqualTypeOf<'T0' | 'T1' | 'T2' | 'T3'>();
  });

  test('condition nodes are a union tagged by op, narrowed by a switch', () => {
    expectTypeOf<ConditionNode['op']>().toEqualTypeOf<
      | 'files'
      | 'allFiles'
      | 'repos'
      | 'dependencies'
      | 'coverage'
      | 'service'
      | 'labels'
      | 'rowsAffected'
      | 'allOf'
      | 'anyOf'
      | 'not'
    >();
    expectTypeOf<Extract<ConditionNode, { children: unknown }>['children']>().toEqualTypeOf<
      readonly number[]
    >();
  });

  test('a Result is narrowed by ok', () => {
    const r = {} as Result<number>;
    if (r.ok) expectTypeOf(r.value).toEqualTypeOf<number>();
    else expectTypeOf(r.issues).items.toHaveProperty('path');
  });
});
