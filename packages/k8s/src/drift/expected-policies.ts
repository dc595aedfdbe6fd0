import type { CompiledAttestorPolicy } from '@trustladder/core';
import { buildPolicies } from '@trustladder/kyverno';
import type { ExpectedPolicy } from './policy-drift.js';

// What `trustladder kyverno generate` would install for this attestor policy: the same
// generator, called in-process, so the observer can never disagree with it.
export function expectedPolicies(attestors: CompiledAttestorPolicy): ExpectedPolicy[] {
  return buildPolicies(attestors).map((p) => ({ kind: p.kind, metadata: p.metadata, spec: p.spec }));
}
