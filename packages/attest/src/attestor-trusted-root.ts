import { createHash, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import type { CompiledAttestorPolicy } from '@trustladder/core';
import { AttestError } from './errors.js';

// The trusted root of a private Sigstore deployment, from the trust settings of attestors.yaml,
// so the TypeScript verifier trusts exactly what the generated Kyverno policies trust (the same
// Fulcio roots, Rekor key and URL, CT log key and timestamp authority). Missing settings are
// not filled in from the public-good instance: a private root without a CA, a Rekor key or a
// CT log key is refused, as any trusted root lacking them is.

const PUBLIC_GOOD_REKOR = 'https://rekor.sigstore.dev';
const SINCE = '1970-01-01T00:00:00Z';
const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END \1-----/g;

function pemBlocks(text: string, label: string, field: string): Buffer[] {
  const blocks = [...text.matchAll(PEM_BLOCK)]
    .filter((m) => m[1] === label)
    .map((m) => Buffer.from(m[2] ?? '', 'base64'));
  if (blocks.length === 0)
    throw new AttestError('TRUSTED_ROOT_INVALID', `trust.${field} holds no PEM ${label}`);
  return blocks;
}

function certificates(text: string, field: string): Array<{ rawBytes: string }> {
  return pemBlocks(text, 'CERTIFICATE', field).map((der) => {
    try {
      return { rawBytes: new X509Certificate(der).raw.toString('base64') };
    } catch (e) {
      throw new AttestError('TRUSTED_ROOT_INVALID', `trust.${field} holds an unreadable certificate`, {
        cause: e,
      });
    }
  });
}

function keyDetails(key: KeyObject, field: string): string {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ed25519') return 'PKIX_ED25519';
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1')
    return 'PKIX_ECDSA_P256_SHA_256';
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'secp384r1') return 'PKIX_ECDSA_P384_SHA_384';
  if (key.asymmetricKeyType === 'rsa') return 'PKIX_RSA_PKCS1V15_2048_SHA256';
  throw new AttestError(
    'TRUSTED_ROOT_INVALID',
    `trust.${field} is a ${key.asymmetricKeyType} key Sigstore does not use`,
  );
}

function transparencyLog(pem: string, baseUrl: string, field: string) {
  const [der] = pemBlocks(pem, 'PUBLIC KEY', field);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: der as Buffer, format: 'der', type: 'spki' });
  } catch (e) {
    throw new AttestError('TRUSTED_ROOT_INVALID', `trust.${field} is not a readable public key`, {
      cause: e,
    });
  }
  const spki = key.export({ format: 'der', type: 'spki' });
  return {
    baseUrl,
    hashAlgorithm: 'SHA2_256',
    publicKey: {
      rawBytes: spki.toString('base64'),
      keyDetails: keyDetails(key, field),
      validFor: { start: SINCE },
    },
    logId: { keyId: createHash('sha256').update(spki).digest('base64') },
  };
}

/**
 * The trusted-root JSON (Sigstore's trustedroot media type) of the attestor policy's private
 * Sigstore deployment, for loadTrustMaterial; undefined when the policy names none.
 */
export function trustedRootOfAttestorPolicy(
  policy: CompiledAttestorPolicy,
): Record<string, unknown> | undefined {
  const trust = policy.trust;
  if (trust === undefined) return undefined;
  const missing = (['fulcioRoots', 'rekorPublicKey', 'ctlogPublicKey'] as const).filter(
    (f) => trust[f] === undefined,
  );
  if (missing.length > 0) {
    throw new AttestError(
      'TRUSTED_ROOT_INVALID',
      `the attestor policy's trust settings lack ${missing.join(', ')}: the TypeScript verifier needs each`,
    );
  }
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    certificateAuthorities: [
      {
        subject: { organization: policy.name, commonName: `${policy.name} fulcio` },
        uri: '',
        certChain: { certificates: certificates(trust.fulcioRoots as string, 'fulcioRoots') },
        validFor: { start: SINCE },
      },
    ],
    tlogs: [
      transparencyLog(
        trust.rekorPublicKey as string,
        policy.kyverno.rekorUrl ?? PUBLIC_GOOD_REKOR,
        'rekorPublicKey',
      ),
    ],
    ctlogs: [transparencyLog(trust.ctlogPublicKey as string, '', 'ctlogPublicKey')],
    timestampAuthorities:
      trust.tsaCertChain === undefined
        ? []
        : [
            {
              subject: { organization: policy.name, commonName: `${policy.name} tsa` },
              uri: '',
              certChain: { certificates: certificates(trust.tsaCertChain, 'tsaCertChain') },
              validFor: { start: SINCE },
            },
          ],
  };
}
