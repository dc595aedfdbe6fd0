import { TrustedRoot } from '@sigstore/protobuf-specs';
import { type TrustMaterial, toTrustMaterial } from '@sigstore/verify';
import { AttestError } from './errors.js';

const TRUSTED_ROOT_MEDIA_TYPE = /^application\/vnd\.dev\.sigstore\.trustedroot(\.v\d+)?\+json/;

// Turns a trusted-root JSON document (the file Sigstore's TUF repository distributes, or one
// made for a private deployment) into trust material. Nothing is fetched: the caller chose
// the root, so verification runs fully offline. A root without a certificate authority, a
// transparency log or a timestamp source could never verify anything; it is refused here so
// the mistake shows up as a configuration error rather than as refused attestations.
export function loadTrustMaterial(json: unknown): TrustMaterial {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new AttestError('TRUSTED_ROOT_INVALID', 'the trusted root is not a JSON object');
  }
  const mediaType = (json as { mediaType?: unknown }).mediaType;
  if (typeof mediaType !== 'string' || !TRUSTED_ROOT_MEDIA_TYPE.test(mediaType)) {
    throw new AttestError('TRUSTED_ROOT_INVALID', 'the trusted root has no sigstore trustedroot mediaType');
  }
  let root: TrustedRoot;
  try {
    root = TrustedRoot.fromJSON(json);
  } catch (e) {
    throw new AttestError(
      'TRUSTED_ROOT_INVALID',
      `the trusted root cannot be read: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  const missing = [
    root.certificateAuthorities.length === 0 ? 'certificateAuthorities' : null,
    root.tlogs.length === 0 ? 'tlogs' : null,
    root.ctlogs.length === 0 ? 'ctlogs' : null,
  ].filter((m) => m !== null);
  if (missing.length > 0) {
    throw new AttestError('TRUSTED_ROOT_INVALID', `the trusted root lists no ${missing.join(', ')}`);
  }
  try {
    return toTrustMaterial(root);
  } catch (e) {
    throw new AttestError(
      'TRUSTED_ROOT_INVALID',
      `the trusted root holds an unusable key: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
}
