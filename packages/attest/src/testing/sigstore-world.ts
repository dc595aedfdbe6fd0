// An in-process Sigstore for tests and examples: mock Fulcio (a trusted CA and a rogue one), a CT log,
// Rekor and a TSA from @sigstore/mock, served on a loopback port, signed through the real
// @sigstore/sign pipeline (FulcioSigner, RekorWitness with intoto entries, TSAWitness).
// Nothing leaves the machine. The clock is a whole second after the roots were made, so the
// log's integratedTime (seconds) never falls before the certificate's notBefore.
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bundleToJSON } from '@sigstore/bundle';
import {
  fulcioHandler,
  type HandlerFn,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  initializeTSA,
  rekorHandler,
  tsaHandler,
} from '@sigstore/mock';
import { DSSEBundleBuilder, FulcioSigner, RekorWitness, TSAWitness } from '@sigstore/sign';

export interface SignRequest {
  /** The certificate's subject alternative name. */
  readonly subject: string;
  /** The OIDC issuer written in the certificate. */
  readonly issuer: string;
  /** The in-toto statement (an object, serialised as the DSSE payload) or raw payload bytes. */
  readonly payload: object | Buffer;
  readonly payloadType?: string;
  /** Sign with a CA that the trusted root does not list. */
  readonly rogueCa?: boolean;
}

export interface SigstoreWorld {
  /** A trusted-root JSON document that trusts this world's CA, logs and TSA. */
  readonly trustedRoot: Record<string, unknown>;
  /** Signs and returns the bundle as JSON (what `cosign attest --bundle` writes). */
  sign(request: SignRequest): Promise<Record<string, unknown>>;
  /** The world's clock: every signature and timestamp it makes carries this time. */
  now(): Date;
  close(): Promise<void>;
}

type KeyPair = { publicKey: KeyObject; privateKey: KeyObject };
const keyPair = (): KeyPair => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const der = (k: KeyObject) => k.export({ format: 'der', type: 'spki' });
const bytes = (v: ArrayBufferView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
const b64 = (v: ArrayBufferView) => bytes(v).toString('base64');
const b64url = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

export async function createSigstoreWorld(): Promise<SigstoreWorld> {
  // One Date object shared by every mock service: set once the roots exist.
  const clock = new Date(0);
  const ctKeys = keyPair();
  const ctlog = await initializeCTLog(ctKeys, clock);
  const ca = await initializeCA(keyPair(), ctlog, clock);
  const rogueCa = await initializeCA(keyPair(), ctlog, clock);
  const tlogKeys = keyPair();
  const tlog = await initializeTLog('https://rekor.local', tlogKeys, clock);
  const tsa = await initializeTSA(keyPair(), clock);
  clock.setTime((Math.floor(Date.now() / 1000) + 2) * 1000);

  const routes = new Map<string, HandlerFn>();
  const mount = (prefix: string, handler: { path: string; fn: HandlerFn }) =>
    routes.set(`${prefix}${handler.path}`, handler.fn);
  mount('/fulcio', fulcioHandler(ca, { subjectClaim: 'sub' }));
  mount('/rogue', fulcioHandler(rogueCa, { subjectClaim: 'sub' }));
  mount('/rekor', rekorHandler(tlog));
  mount('/tsa', tsaHandler(tsa));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const fn = routes.get(req.url ?? '');
      if (!fn) {
        res.writeHead(404).end();
        return;
      }
      fn(Buffer.concat(chunks).toString('utf8')).then(
        (r) => {
          res.writeHead(r.statusCode, { 'content-type': r.contentType ?? 'application/json' });
          res.end(typeof r.response === 'string' ? r.response : bytes(r.response));
        },
        (e: unknown) => res.writeHead(500).end(String(e)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const start = '2000-01-01T00:00:00Z';
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: 'https://rekor.local',
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: b64(tlog.publicKey),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor: { start },
        },
        logId: { keyId: b64(createHash('sha256').update(tlog.publicKey).digest()) },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: 'https://fulcio.local',
        certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
        validFor: { start },
      },
    ],
    ctlogs: [
      {
        baseUrl: 'https://ctfe.local',
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: b64(der(ctKeys.publicKey)),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor: { start },
        },
        logId: { keyId: b64(ctlog.logID) },
      },
    ],
    timestampAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'tsa' },
        uri: 'https://tsa.local',
        certChain: {
          certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }],
        },
        validFor: { start },
      },
    ],
  };

  return {
    trustedRoot,
    async sign(request) {
      const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({
        iss: request.issuer,
        sub: request.subject,
        aud: 'sigstore',
        iat: Math.floor(clock.getTime() / 1000),
        exp: Math.floor(clock.getTime() / 1000) + 600,
      })}.`;
      const signer = new FulcioSigner({
        fulcioBaseURL: `${base}/${request.rogueCa ? 'rogue' : 'fulcio'}`,
        identityProvider: { getToken: async () => token },
        retry: 0,
      });
      const builder = new DSSEBundleBuilder({
        signer,
        witnesses: [
          new RekorWitness({ rekorBaseURL: `${base}/rekor`, entryType: 'intoto', retry: 0 }),
          new TSAWitness({ tsaBaseURL: `${base}/tsa/api/v1/timestamp`, retry: 0 }),
        ],
      });
      const data = Buffer.isBuffer(request.payload)
        ? request.payload
        : Buffer.from(JSON.stringify(request.payload));
      const bundle = await builder.create({
        data,
        type: request.payloadType ?? 'application/vnd.in-toto+json',
      });
      return bundleToJSON(bundle) as unknown as Record<string, unknown>;
    },
    now: () => new Date(clock.getTime()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
