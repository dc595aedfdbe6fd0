// The default attestor policy and a builder for variants, shared by the kyverno tests.
import {
  compileAttestorPolicy,
  DEFAULT_POLICY_TEXTS,
  loadAttestorPolicy,
  parseYaml,
} from '@trustladder/core';

export const defaultAttestors = () =>
  loadAttestorPolicy(DEFAULT_POLICY_TEXTS.attestors, { source: 'attestors.yaml' });

/** The fields of attestors.yaml the tests change. */
export interface AttestorsDocument {
  attestors: Array<Record<string, unknown>>;
  tiers: { T3: { require: string[] }; T2: { require: string[] }; T1?: { require: string[] } };
  kyverno: { rekorUrl?: string; labelAdminGroups?: string[] };
  [field: string]: unknown;
}

/** The default attestors.yaml as a plain object, to change and compile. */
export function defaultDocument(): AttestorsDocument {
  const parsed = parseYaml(DEFAULT_POLICY_TEXTS.attestors);
  if (!parsed.ok) throw new Error('the default attestors.yaml does not parse');
  return structuredClone(parsed.value.value) as AttestorsDocument;
}

export const compile = (doc: unknown) => compileAttestorPolicy(doc, { source: 'test' });
