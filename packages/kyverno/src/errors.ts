import type { Issue } from '@trustladder/core';

// Errors of the generator and of the proof harness. A generated policy that fails its own
// proof is a bug in the generator, reported with every issue found.
export type KyvernoErrorCode =
  | 'CRD_INVALID' // a generated document does not satisfy its CRD schema
  | 'CEL_INVALID' // a CEL expression does not compile
  | 'NAME_COLLISION' // two predicate types map to the same attestation name
  | 'FIXTURE_INVALID' // a .kyverno-test fixture cannot be read or run
  | 'ENGINE_MISSING' // the Kyverno CLI or the admission harness is not installed
  | 'ENGINE_FAILED' // the Kyverno CLI or the admission harness failed to run
  | 'OUTPUT_FAILED'; // the output directory cannot be written

export class KyvernoError extends Error {
  override readonly name = 'KyvernoError';
  readonly code: KyvernoErrorCode;
  readonly issues: readonly Issue[];

  constructor(
    code: KyvernoErrorCode,
    message: string,
    options: { issues?: readonly Issue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
  }
}
