import { AttestError, type VerifiedLedgerCheckpoint, verifyLedgerCheckpoint } from '@trustladder/attest';
import { loadAttestorPolicy } from '@trustladder/core';
import { CliError } from '../errors.js';
import type { Io } from '../io.js';
import { readInput, readJsonInput } from '../read-input.js';
import { BUNDLE_LIMITS, readTrustMaterial } from '../read-trust-material.js';

export type CheckpointAnchor =
  | { readonly ok: true; readonly checkpoint: VerifiedLedgerCheckpoint }
  | { readonly ok: false; readonly code: string; readonly message: string };

// A bundle that is not a Sigstore bundle, or an attestor policy that names no checkpoint
// signer, is an input error (exit 2): nothing was verified. Every other refusal (another
// identity, another predicate, a tampered statement, an untrusted certificate) is the
// verifier saying no, which `ledger verify` reports as a failed check (exit 1).
const INPUT_CODES = new Set([
  'BUNDLE_INVALID',
  'INVALID_OPTIONS',
  'INVALID_ARGUMENT',
  'TRUSTED_ROOT_INVALID',
]);

/** Reads and verifies `--checkpoint BUNDLE` against `--attestors` and `--trusted-root`. */
export async function readCheckpointAnchor(
  files: { bundle: string; attestors: string | undefined; trustedRoot: string | undefined },
  io: Io,
): Promise<CheckpointAnchor> {
  if (files.attestors === undefined || files.trustedRoot === undefined)
    throw new CliError(
      'USAGE',
      '--checkpoint needs --attestors (who may sign checkpoints) and --trusted-root',
    );
  const attestors = loadAttestorPolicy(await readInput(files.attestors, io), { source: files.attestors });
  const trust = await readTrustMaterial(files.trustedRoot, io);
  const bundle = await readJsonInput(files.bundle, io, BUNDLE_LIMITS, 'the file');
  try {
    return { ok: true, checkpoint: verifyLedgerCheckpoint(bundle, { attestors, trust }) };
  } catch (e) {
    if (!(e instanceof AttestError)) throw e;
    const source = e.code === 'INVALID_OPTIONS' ? files.attestors : files.bundle;
    if (INPUT_CODES.has(e.code)) throw new CliError('INPUT', `${source}: ${e.message}`, { cause: e });
    return { ok: false, code: e.code, message: e.message };
  }
}
