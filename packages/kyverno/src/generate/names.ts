import type { CompiledAttestor, Tier } from '@trustladder/core';
import { KyvernoError } from '../errors.js';

/** The name of a tier's ImageValidatingPolicy for pods (and, by autogen, their controllers). */
export const tierPolicyName = (tier: Tier) => `trustladder-${tier.toLowerCase()}-attestations`;
/** The name of a tier's ImageValidatingPolicy for ephemeral containers added to running pods. */
export const tierEphemeralPolicyName = (tier: Tier) =>
  `trustladder-${tier.toLowerCase()}-ephemeral-attestations`;
export const LABEL_POLICY_NAME = 'trustladder-blast-radius-label';
export const READ_ONLY_POLICY_NAME = 'trustladder-observer-read-only';
export const BLAST_RADIUS_LABEL = 'blast-radius';

// One attestations[] entry per predicate type, named after it (https://slsa.dev/provenance/v1
// becomes slsa-dev-provenance-v1), so the name says what it checks and two attestors that
// sign the same predicate share the entry. Each run of other characters becomes one hyphen
// first, so there is at most one hyphen to trim at either end, before and after the cut.
export function attestationName(predicateType: string): string {
  return predicateType
    .replace(/^[a-z]+:\/\//i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 63)
    .replace(/-$/, '');
}

/** predicateType -> attestation name for a set of attestors; refuses two types with one name. */
export function attestationNames(attestors: readonly CompiledAttestor[]): ReadonlyMap<string, string> {
  const byType = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const a of attestors) {
    if (byType.has(a.predicateType)) continue;
    const name = attestationName(a.predicateType);
    const other = byName.get(name);
    if (other !== undefined) {
      throw new KyvernoError(
        'NAME_COLLISION',
        `predicate types ${other} and ${a.predicateType} both map to attestation name ${name}`,
      );
    }
    byType.set(a.predicateType, name);
    byName.set(name, a.predicateType);
  }
  return byType;
}
