import { type CompiledAttestorPolicy, loadAttestorPolicy } from '@trustladder/core';
import type { TestSigstore } from './test-sigstore.js';
import type { TufRepository } from './tuf-repository.js';

/**
 * attestors.yaml (its text) pointed at a test Sigstore deployment: that deployment's Rekor and
 * trust roots, the settings a team with its own Sigstore writes. Nothing else changes, and
 * nothing is switched off in the policies generated from it.
 */
export function testSigstoreAttestors(
  attestorsYaml: string,
  sigstore: TestSigstore,
  tuf: TufRepository,
): CompiledAttestorPolicy {
  const indent = (text: string) => text.trim().replace(/^/gm, '    ');
  const shipped = 'rekorUrl: https://rekor.sigstore.dev';
  if (!attestorsYaml.includes(shipped)) throw new TypeError(`attestors.yaml has no "${shipped}" to replace`);
  return loadAttestorPolicy(
    attestorsYaml.replace(shipped, `rekorUrl: ${sigstore.rekorUrl}`) +
      `\ntrust:\n  fulcioRoots: |\n${indent(sigstore.rootPem)}\n  rekorPublicKey: |\n${indent(sigstore.rekorPublicKeyPem)}\n` +
      `  ctlogPublicKey: |\n${indent(sigstore.ctlogPublicKeyPem)}\n  tuf: { mirror: '${tuf.mirror}', root: '${tuf.rootBase64}' }\n`,
    { source: 'attestors.yaml + test Sigstore' },
  );
}
