import type { AttestorRole } from './attestor-policy.types.js';

/** The predicate of a human T3 co-sign (schemas/approval-predicate.schema.json). */
export const APPROVAL_PREDICATE_TYPE = 'https://trustladder.dev/attestations/approval/v1';
/** The predicate of a human T2 interface approval (same schema). */
export const INTERFACE_APPROVAL_PREDICATE_TYPE = 'https://trustladder.dev/attestations/interface-approval/v1';
export const APPROVAL_PREDICATE_TYPES: readonly string[] = [
  APPROVAL_PREDICATE_TYPE,
  INTERFACE_APPROVAL_PREDICATE_TYPE,
];
/** The predicate of a signed ledger checkpoint (`ledger checkpoint` prints the statement). */
export const LEDGER_CHECKPOINT_PREDICATE_TYPE = 'https://trustladder.dev/attestations/ledger-checkpoint/v1';
/** The in-toto statement type every attestation must carry. */
export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';

// The predicate type decides the role: an approval predicate is signed by a human approval
// workflow, anything else (provenance, SBOM, ...) by an agent's build. So a role can never be
// mislabelled in the file: there is no separate field to get wrong.
export function roleOfPredicateType(predicateType: string): AttestorRole {
  return APPROVAL_PREDICATE_TYPES.includes(predicateType) ? 'human' : 'agent';
}
