import type { CompiledAttestor } from '@trustladder/core';
import type { VerifiedApproval } from './approval.js';
import { AttestError, type AttestErrorCode } from './errors.js';

// Tries a bundle against every candidate attestor. When none accepts it, the refusal that
// says most is kept: one from the attestor whose identity signed (a stale or misbound
// approval) over the identity mismatches of all the others. Anything but an AttestError is a
// bug, and surfaces as one instead of passing for a refusal.
export function firstApproval(
  candidates: readonly CompiledAttestor[],
  verify: (a: CompiledAttestor) => VerifiedApproval,
): { approval: VerifiedApproval } | { error: AttestError } {
  const errors: AttestError[] = [];
  for (const attestor of candidates) {
    try {
      return { approval: verify(attestor) };
    } catch (e) {
      if (!(e instanceof AttestError)) throw e;
      errors.push(e);
    }
  }
  const identity = new Set<AttestErrorCode>(['SUBJECT_MISMATCH', 'ISSUER_MISMATCH']);
  const best = errors.find((e) => !identity.has(e.code)) ?? errors[0];
  return { error: best ?? new AttestError('SUBJECT_MISMATCH', 'the tier requires no human attestor') };
}
