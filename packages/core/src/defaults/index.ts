import { DEFAULT_POLICY_TEXTS } from './policies.generated.js';

export { defaultBlastRadiusPolicy } from './compiled-default.js';
export { DEFAULT_POLICY_TEXTS };
/** The name of a default policy file in policies/ (without .yaml). */
export type DefaultPolicyName = keyof typeof DEFAULT_POLICY_TEXTS;

/** The source name shown in errors for an embedded default. */
export function defaultPolicySource(name: DefaultPolicyName): string {
  return `<default policies/${name}.yaml>`;
}
