// The Kubernetes objects the generator writes, as typed values (policies.kyverno.io/v1).
// Only the fields trustladder sets are modelled; the CRD schemas check the rest.

export interface ObjectMeta {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface ResourceRule {
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly operations: readonly Operation[];
  readonly resources: readonly string[];
  readonly scope?: '*' | 'Cluster' | 'Namespaced';
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface MatchConstraints {
  readonly resourceRules: readonly ResourceRule[];
  readonly namespaceSelector?: LabelSelector;
}

export interface Validation {
  readonly expression: string;
  readonly message: string;
  readonly reason?: 'Unauthorized' | 'Forbidden' | 'Invalid' | 'RequestEntityTooLarge';
}

export interface Variable {
  readonly name: string;
  readonly expression: string;
}

export interface Evaluation {
  readonly admission: { readonly enabled: boolean };
  readonly background: { readonly enabled: boolean };
}

export interface KeylessIdentity {
  readonly issuer: string;
  readonly subject?: string;
  readonly subjectRegExp?: string;
}

export interface CosignAttestor {
  readonly name: string;
  readonly cosign: {
    readonly keyless: { readonly identities: readonly KeylessIdentity[]; readonly roots?: string };
    readonly ctlog: {
      readonly url?: string;
      readonly rekorPubKey?: string;
      readonly ctLogPubKey?: string;
      readonly tsaCertChain?: string;
      // Never generated true: a test overlay may switch them on, the generator never does.
      readonly insecureIgnoreSCT: false;
      readonly insecureIgnoreTlog: false;
    };
    readonly tuf?: { readonly mirror: string; readonly root: { readonly data: string } };
  };
}

export interface InTotoAttestation {
  readonly name: string;
  readonly intoto: { readonly type: string };
}

export interface ImageValidatingPolicy {
  readonly apiVersion: 'policies.kyverno.io/v1';
  readonly kind: 'ImageValidatingPolicy';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly validationActions: readonly ['Deny'];
    readonly failurePolicy: 'Fail';
    readonly webhookConfiguration: { readonly timeoutSeconds: number };
    readonly evaluation: Evaluation;
    readonly matchConstraints: MatchConstraints;
    readonly validationConfigurations: {
      readonly verifyDigest: boolean;
      readonly required: boolean;
      readonly mutateDigest: boolean;
    };
    readonly attestors: readonly CosignAttestor[];
    readonly attestations: readonly InTotoAttestation[];
    readonly validations: readonly Validation[];
  };
}

export interface ValidatingPolicy {
  readonly apiVersion: 'policies.kyverno.io/v1';
  readonly kind: 'ValidatingPolicy';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly validationActions: readonly ['Deny'];
    readonly failurePolicy: 'Fail';
    readonly evaluation: Evaluation;
    readonly matchConstraints: MatchConstraints;
    readonly variables?: readonly Variable[];
    readonly validations: readonly Validation[];
  };
}

export type KyvernoPolicy = ImageValidatingPolicy | ValidatingPolicy;
