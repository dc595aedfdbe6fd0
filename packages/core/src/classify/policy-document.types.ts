import type { Tier } from '../tier.js';
import type { ContentLines, DependencyChange, FileStatus, ServiceFlag } from './compiled.types.js';

// The blast-radius policy as written (schemas/blast-radius.schema.json).

export interface FileCriteria {
  readonly paths: readonly string[];
  readonly exclude?: readonly string[];
  readonly ignoreCase?: boolean;
  readonly status?: FileStatus | readonly FileStatus[];
  readonly content?: {
    readonly pattern: string;
    readonly ignoreCase?: boolean;
    /** Block headers: an added line enclosed (by indentation) by a line matching one is not searched. */
    readonly notWithin?: readonly string[];
    /** `added` (the default): the added lines; `changed`: the removed lines too. */
    readonly lines?: ContentLines;
  };
}

export type Condition =
  | { readonly files: FileCriteria }
  | { readonly allFiles: FileCriteria }
  | { readonly repos: { readonly min: number } }
  | {
      readonly dependencies: {
        readonly change?: DependencyChange | readonly DependencyChange[];
        readonly ecosystem?: string | readonly string[];
        readonly allowlisted?: boolean;
        readonly scoreBelow?: number;
        readonly scoreAtLeast?: number;
      };
    }
  | { readonly coverage: { readonly below?: number; readonly atLeast?: number } }
  | { readonly service: { readonly has?: readonly ServiceFlag[]; readonly lacks?: readonly ServiceFlag[] } }
  | { readonly labels: { readonly anyOf?: readonly string[]; readonly allOf?: readonly string[] } }
  | { readonly rowsAffected: { readonly above: number } }
  | { readonly allOf: readonly Condition[] }
  | { readonly anyOf: readonly Condition[] }
  | { readonly not: Condition };

export interface PolicyRule {
  readonly id: string;
  readonly tier: Tier;
  readonly description: string;
  readonly when: Condition;
}

export interface BlastRadiusPolicyDocument {
  readonly apiVersion: 'trustladder.dev/v1';
  readonly kind: 'BlastRadiusPolicy';
  readonly metadata: {
    readonly name: string;
    readonly description?: string;
    readonly labels?: Record<string, string>;
  };
  readonly default: Tier;
  readonly rules: readonly PolicyRule[];
}

/** The base policies a policy can extend: the built-in defaults, by name. */
export type PolicyBase = 'default';

/**
 * A policy as written: a whole policy, or one that `extends` a base, replaces base rules by
 * id (`overrides`), adds `rules`, and may set its own `default`.
 */
export type LayeredPolicyDocument = Omit<BlastRadiusPolicyDocument, 'default'> & {
  readonly default?: Tier;
  readonly extends?: PolicyBase;
  readonly overrides?: readonly PolicyRule[];
};
