import { Environment } from '@marcbachmann/cel-js';
import type { Issue } from '@trustladder/core';
import type { KyvernoPolicy } from '../kyverno.types.js';

// CEL environments that declare what Kyverno 1.19 declares for policies.kyverno.io policies,
// so a typo in a variable, a field of `request` or a function signature fails to compile
// here as it would in the cluster. Types follow Kyverno's compilers: object and oldObject are
// dyn; request is the admission request type; images is map(string, list(string)); attestors
// map(string, dyn); attestations map(string, string); the image-verification functions take
// and return what pkg/cel/libs/imageverify declares.

/** The admission request as Kubernetes' CEL request type declares it. */
const GROUP_VERSION_KIND = { group: 'string', version: 'string', kind: 'string' };
const GROUP_VERSION_RESOURCE = { group: 'string', version: 'string', resource: 'string' };
const REQUEST_SCHEMA = {
  uid: 'string',
  kind: GROUP_VERSION_KIND,
  resource: GROUP_VERSION_RESOURCE,
  subResource: 'string',
  requestKind: GROUP_VERSION_KIND,
  requestResource: GROUP_VERSION_RESOURCE,
  requestSubResource: 'string',
  name: 'string',
  namespace: 'string',
  operation: 'string',
  userInfo: { username: 'string', uid: 'string', groups: 'list<string>', extra: 'map<string, list<string>>' },
  dryRun: 'bool',
  options: 'dyn',
  object: 'dyn',
  oldObject: 'dyn',
};

/** Implementations of Kyverno's image-verification functions, for evaluation. */
export interface ImageVerificationFunctions {
  verifyAttestationSignatures(image: string, attestation: string, attestors: readonly unknown[]): bigint;
  verifyImageSignatures(image: string, attestors: readonly unknown[]): bigint;
}

const unavailable = (name: string) => () => {
  throw new Error(`${name} is declared for compilation only`);
};

function baseEnvironment(): Environment {
  return new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: true })
    .registerVariable('object', 'dyn')
    .registerVariable('oldObject', 'dyn')
    .registerVariable('namespaceObject', 'dyn')
    .registerVariable({ name: 'request', schema: REQUEST_SCHEMA });
}

/** The environment of an ImageValidatingPolicy's validations. */
export function imageValidatingPolicyEnvironment(
  fns: Partial<ImageVerificationFunctions> = {},
  variables: Readonly<Record<string, string>> = {},
): Environment {
  return withVariables(
    baseEnvironment()
      .registerVariable('images', 'map<string, list<string>>')
      .registerVariable('attestors', 'map<string, dyn>')
      .registerVariable('attestations', 'map<string, string>')
      .registerFunction(
        'verifyAttestationSignatures(string, string, list<dyn>): int',
        fns.verifyAttestationSignatures ?? unavailable('verifyAttestationSignatures'),
      )
      .registerFunction(
        'verifyImageSignatures(string, list<dyn>): int',
        fns.verifyImageSignatures ?? unavailable('verifyImageSignatures'),
      )
      .registerFunction('getImageData(string): dyn', unavailable('getImageData'))
      .registerFunction('extractPayload(string, string): dyn', unavailable('extractPayload')),
    variables,
  );
}

/** The environment of a ValidatingPolicy's variables and validations. */
export function validatingPolicyEnvironment(variables: Readonly<Record<string, string>> = {}): Environment {
  return withVariables(baseEnvironment(), variables);
}

// Kyverno types `variables.x` by x's expression; so does this, so `variables.nwTier` fails.
function withVariables(env: Environment, variables: Readonly<Record<string, string>>): Environment {
  return Object.keys(variables).length === 0
    ? env
    : env.registerVariable({ name: 'variables', schema: { ...variables } });
}

export interface CompiledPolicyExpressions {
  readonly environment: Environment;
  /** CEL type of each variable, in order. */
  readonly variableTypes: Readonly<Record<string, string>>;
}

// Compiles (type-checks) every CEL expression of a generated policy: variables in order, each
// seeing the ones before it, then validations, which must be bool. Returns the issues, each
// with the JSON pointer of the expression.
export function checkPolicyExpressions(
  policy: KyvernoPolicy,
  fns: Partial<ImageVerificationFunctions> = {},
): { issues: Issue[]; compiled: CompiledPolicyExpressions } {
  const make = (vars: Record<string, string>) =>
    policy.kind === 'ImageValidatingPolicy'
      ? imageValidatingPolicyEnvironment(fns, vars)
      : validatingPolicyEnvironment(vars);
  const issues: Issue[] = [];
  const variableTypes: Record<string, string> = {};
  const declared = policy.kind === 'ValidatingPolicy' ? (policy.spec.variables ?? []) : [];
  declared.forEach((v, i) => {
    const result = make(variableTypes).check(v.expression);
    if (!result.valid) {
      issues.push({
        code: 'cel_invalid',
        path: `/spec/variables/${i}/expression`,
        message: firstLine(result.error),
      });
      variableTypes[v.name] = 'dyn';
    } else variableTypes[v.name] = result.type ?? 'dyn';
  });
  const environment = make(variableTypes);
  policy.spec.validations.forEach((v, i) => {
    const result = environment.check(v.expression);
    if (!result.valid) {
      issues.push({
        code: 'cel_invalid',
        path: `/spec/validations/${i}/expression`,
        message: firstLine(result.error),
      });
    } else if (result.type !== 'bool') {
      issues.push({
        code: 'cel_not_bool',
        path: `/spec/validations/${i}/expression`,
        message: `evaluates to ${result.type}, not bool`,
      });
    }
  });
  return { issues, compiled: { environment, variableTypes } };
}

function firstLine(error: unknown): string {
  return ((error as Error | undefined)?.message ?? String(error)).split('\n')[0] ?? 'does not compile';
}
