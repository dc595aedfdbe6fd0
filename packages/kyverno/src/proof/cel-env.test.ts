import { describe, expect, test } from 'vitest';
import { buildPolicies } from '../generate/generate.js';
import type { ImageValidatingPolicy, KyvernoPolicy, ValidatingPolicy } from '../kyverno.types.js';
import { defaultAttestors } from '../testdata/policies.js';
import { checkPolicyExpressions, imageValidatingPolicyEnvironment } from './cel-env.js';

const policies = () => buildPolicies(defaultAttestors());
const ivpol = () => policies()[0] as ImageValidatingPolicy;
const withValidation = (p: KyvernoPolicy, expression: string): KyvernoPolicy =>
  ({ ...p, spec: { ...p.spec, validations: [{ expression, message: 'm' }] } }) as KyvernoPolicy;
const issues = (p: KyvernoPolicy) => checkPolicyExpressions(p).issues.map((i) => [i.code, i.path]);

describe('checkPolicyExpressions', () => {
  test('every CEL expression of every generated policy compiles, and validations are bool', () => {
    for (const p of policies()) expect(checkPolicyExpressions(p).issues, p.metadata.name).toEqual([]);
  });

  test("refuses the seed's attestors.'name' member access, which Kyverno cannot compile", () => {
    const seed =
      "images.containers.map(i, verifyAttestationSignatures(i, attestations.slsa, [attestors.'agent-identity', attestors.'human-approval'])).all(e, e > 0)";
    expect(issues(withValidation(ivpol(), seed))).toEqual([
      ['cel_invalid', '/spec/validations/0/expression'],
    ]);
  });

  test('refuses unknown variables, unknown request fields and wrong function signatures', () => {
    for (const expression of [
      'imagez.containers.size() > 0',
      "request.userInfo.user == 'x'",
      "verifyAttestationSignatures(images.containers[0], [attestors['agent-build']]) > 0",
      'verifyImageSignatures(1, []) > 0',
      'images.containers.all(i, cosignVerify(i))',
    ]) {
      expect(issues(withValidation(ivpol(), expression)), expression).toEqual([
        ['cel_invalid', '/spec/validations/0/expression'],
      ]);
    }
  });

  test('refuses a validation that is not bool', () => {
    expect(issues(withValidation(ivpol(), "verifyAttestationSignatures('x', 'y', [])"))).toEqual([
      ['cel_not_bool', '/spec/validations/0/expression'],
    ]);
  });

  test('types variables by their expressions, so a misspelt variable fails to compile', () => {
    const label = policies().find(
      (p) => p.metadata.name === 'trustladder-blast-radius-label',
    ) as ValidatingPolicy;
    expect(checkPolicyExpressions(label).compiled.variableTypes).toMatchObject({
      ranks: 'map<string, int>',
      tierAdmin: 'bool',
    });
    expect(issues(withValidation(label, "variables.newTeir == ''"))).toEqual([
      ['cel_invalid', '/spec/validations/0/expression'],
    ]);
  });

  test("the image policy environment declares Kyverno's variables and functions", () => {
    const env = imageValidatingPolicyEnvironment();
    for (const expression of [
      "images.containers.all(i, verifyImageSignatures(i, [attestors['a']]) > 0)",
      "getImageData(images.containers[0]) != null && extractPayload(images.containers[0], attestations['x']) != null",
      "request.operation == 'CREATE' && request.userInfo.groups.size() >= 0 && namespaceObject != null",
    ]) {
      expect(env.check(expression).valid, expression).toBe(true);
    }
  });
});
