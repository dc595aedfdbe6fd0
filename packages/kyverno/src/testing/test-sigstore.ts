import { createHash, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { initializeCA, initializeCTLog, initializeTLog, rekorHandler } from '@sigstore/mock';

type CA = Awaited<ReturnType<typeof initializeCA>>;

// A private Sigstore deployment for tests, all on 127.0.0.1: a Fulcio-like CA whose
// certificates carry SCTs from a CT log, and a Rekor that `cosign attest` uploads to (the
// mocks of @sigstore/mock, which sigstore-js tests itself against). Kyverno checks everything
// against it as against a real deployment: the chain, the SCT, the Rekor entry's signed
// timestamp, the identity. Nothing is switched off.

const GITHUB_ISSUER_OID = '1.3.6.1.4.1.57264.1.8';
const GITHUB_ISSUER_OID_V1 = '1.3.6.1.4.1.57264.1.1';
const SINCE = '2020-01-01T00:00:00Z';

/** A signer: its private key (PKCS#8 PEM file, for cosign) and certificate chain files. */
export interface Signer {
  readonly name: string;
  readonly keyPath: string;
  readonly certPath: string;
  readonly chainPath: string;
}

export interface TestSigstore {
  readonly rekorUrl: string;
  readonly rootPem: string;
  readonly rekorPublicKeyPem: string;
  readonly ctlogPublicKeyPem: string;
  /** The trusted_root.json of this deployment (what its TUF repository distributes). */
  readonly trustedRoot: Record<string, unknown>;
  /** A key and a certificate for an identity, issued by this CA (or by a CA nobody trusts). */
  issue(
    name: string,
    identity: { issuer: string; subject: string },
    options?: { rogue?: boolean },
  ): Promise<Signer>;
  close(): Promise<void>;
}

const ecKeys = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pem = (label: string, der: Buffer) =>
  `-----BEGIN ${label}-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END ${label}-----\n`;

function log(url: string, spki: Buffer) {
  return {
    baseUrl: url,
    hashAlgorithm: 'SHA2_256',
    publicKey: {
      rawBytes: spki.toString('base64'),
      keyDetails: 'PKIX_ECDSA_P256_SHA_256',
      validFor: { start: SINCE },
    },
    logId: { keyId: createHash('sha256').update(spki).digest('base64') },
  };
}

export async function startTestSigstore(dir: string): Promise<TestSigstore> {
  const ctKeys = ecKeys();
  const ctlog = await initializeCTLog(ctKeys);
  const ca: CA = await initializeCA(ecKeys(), ctlog);
  const rogue: CA = await initializeCA(ecKeys(), ctlog);
  const rekorKeys = ecKeys();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const rekorUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tlog = await initializeTLog(rekorUrl, rekorKeys);
  const handler = rekorHandler(tlog);
  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (req.method !== 'POST' || new URL(req.url ?? '/', rekorUrl).pathname !== handler.path) {
        res.writeHead(404).end();
        return;
      }
      const out = await handler.fn(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(out.statusCode, { 'content-type': out.contentType ?? 'text/plain' }).end(out.response);
    });
  });
  const spki = (k: ReturnType<typeof ecKeys>) => k.publicKey.export({ format: 'der', type: 'spki' });
  const rootPem = pem(
    'CERTIFICATE',
    Buffer.from(ca.rootCertificate.buffer, ca.rootCertificate.byteOffset, ca.rootCertificate.byteLength),
  );
  const roguePem = pem(
    'CERTIFICATE',
    Buffer.from(
      rogue.rootCertificate.buffer,
      rogue.rootCertificate.byteOffset,
      rogue.rootCertificate.byteLength,
    ),
  );
  const rootDer = Buffer.from(
    ca.rootCertificate.buffer,
    ca.rootCertificate.byteOffset,
    ca.rootCertificate.byteLength,
  );
  writeFileSync(join(dir, 'root.pem'), rootPem);
  writeFileSync(join(dir, 'rogue-root.pem'), roguePem);
  return {
    rekorUrl,
    rootPem,
    rekorPublicKeyPem: pem('PUBLIC KEY', spki(rekorKeys)),
    ctlogPublicKeyPem: pem('PUBLIC KEY', spki(ctKeys)),
    trustedRoot: {
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [log(rekorUrl, spki(rekorKeys))],
      certificateAuthorities: [
        {
          subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
          uri: 'http://127.0.0.1/fulcio',
          certChain: { certificates: [{ rawBytes: rootDer.toString('base64') }] },
          validFor: { start: SINCE },
        },
      ],
      ctlogs: [log('http://127.0.0.1/ctlog', spki(ctKeys))],
      timestampAuthorities: [],
    },
    async issue(name, identity, options = {}) {
      const keys = ecKeys();
      const cert = await (options.rogue ? rogue : ca).issueCertificate({
        publicKey: spki(keys),
        subjectAltName: identity.subject,
        extensions: [
          { oid: GITHUB_ISSUER_OID_V1, value: identity.issuer, legacy: true },
          { oid: GITHUB_ISSUER_OID, value: identity.issuer },
        ],
      });
      const keyPath = join(dir, `${name}.key`);
      const certPath = join(dir, `${name}.pem`);
      writeFileSync(keyPath, keys.privateKey.export({ format: 'pem', type: 'pkcs8' }));
      writeFileSync(certPath, pem('CERTIFICATE', Buffer.from(cert.buffer, cert.byteOffset, cert.byteLength)));
      return { name, keyPath, certPath, chainPath: join(dir, options.rogue ? 'rogue-root.pem' : 'root.pem') };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
