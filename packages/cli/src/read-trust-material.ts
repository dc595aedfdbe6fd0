import { AttestError, loadTrustMaterial } from '@trustladder/attest';
import type { DocumentLimits } from '@trustladder/core';
import { CliError } from './errors.js';
import type { Io } from './io.js';
import { readJsonInput } from './read-input.js';

// Apart from read-input.ts so that the commands that read no Sigstore material (classify, the
// cold start of issue 16) do not load @trustladder/attest and sigstore with it.

/** Bounds for Sigstore bundles and trusted roots: JSON files of modest size. */
export const BUNDLE_LIMITS: DocumentLimits = {
  maxBytes: 16 * 1024 * 1024,
  maxNodes: 1_000_000,
  maxDepth: 64,
};

/** A Sigstore trusted root named on the command line; an unusable one is an input error. */
export async function readTrustMaterial(file: string, io: Io): Promise<ReturnType<typeof loadTrustMaterial>> {
  const json = await readJsonInput(file, io, BUNDLE_LIMITS, 'the file');
  try {
    return loadTrustMaterial(json);
  } catch (e) {
    if (e instanceof AttestError) throw new CliError('INPUT', `${file}: ${e.message}`, { cause: e });
    throw e;
  }
}
