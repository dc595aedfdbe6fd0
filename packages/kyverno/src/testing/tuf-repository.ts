import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalJson } from '@trustladder/core';

// A TUF repository that distributes one trusted_root.json, as a private Sigstore deployment's
// TUF server does. Kyverno's cosign verifier reads its Fulcio roots and log keys through TUF
// (both the go-tuf client in sigstore/sigstore and sigstore-go's), so an offline test of keyless
// verification needs a repository of its own. One ed25519 key signs every role; metadata is
// canonical JSON (for these ASCII, integer-only documents RFC 8785 and TUF's canonical JSON
// give the same bytes).

const SPEC_VERSION = '1.0.31';

export interface TufRepository {
  /** The base URL to give Kyverno as `tuf.mirror`. */
  readonly mirror: string;
  /** root.json, base64-encoded, for `tuf.root.data`. */
  readonly rootBase64: string;
  close(): Promise<void>;
}

interface Signed {
  readonly signed: Record<string, unknown>;
  readonly signatures: ReadonlyArray<{ keyid: string; sig: string }>;
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function signRole(signed: Record<string, unknown>, key: KeyObject, keyid: string): Signed {
  const sig = sign(null, Buffer.from(canonicalJson(signed)), key).toString('hex');
  return { signed, signatures: [{ keyid, sig }] };
}

function fileMeta(bytes: Buffer) {
  return { length: bytes.length, hashes: { sha256: sha256(bytes) } };
}

/** Builds the repository for one trusted root and serves it on 127.0.0.1. */
export async function serveTufRepository(
  trustedRoot: object,
  lifetimeMs = 24 * 3600_000,
): Promise<TufRepository> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const key = { keytype: 'ed25519', keyval: { public: raw.toString('hex') }, scheme: 'ed25519' };
  const keyid = sha256(canonicalJson(key));
  const expires = new Date(Date.now() + lifetimeMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const role = { keyids: [keyid], threshold: 1 };
  const header = (type: string) => ({ _type: type, spec_version: SPEC_VERSION, version: 1, expires });
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));

  const target = json(trustedRoot);
  const root = json(
    signRole(
      {
        ...header('root'),
        consistent_snapshot: false,
        keys: { [keyid]: key },
        roles: { root: role, targets: role, snapshot: role, timestamp: role },
      },
      privateKey,
      keyid,
    ),
  );
  const targets = json(
    signRole(
      {
        ...header('targets'),
        targets: {
          'trusted_root.json': {
            ...fileMeta(target),
            custom: { sigstore: { status: 'Active', usage: 'Unknown' } },
          },
        },
      },
      privateKey,
      keyid,
    ),
  );
  const snapshot = json(
    signRole(
      { ...header('snapshot'), meta: { 'targets.json': { version: 1, ...fileMeta(targets) } } },
      privateKey,
      keyid,
    ),
  );
  const timestamp = json(
    signRole(
      { ...header('timestamp'), meta: { 'snapshot.json': { version: 1, ...fileMeta(snapshot) } } },
      privateKey,
      keyid,
    ),
  );
  const files = new Map<string, Buffer>([
    ['/root.json', root],
    ['/1.root.json', root],
    ['/timestamp.json', timestamp],
    ['/snapshot.json', snapshot],
    ['/1.snapshot.json', snapshot],
    ['/targets.json', targets],
    ['/1.targets.json', targets],
    ['/targets/trusted_root.json', target],
    [`/targets/${sha256(target)}.trusted_root.json`, target],
  ]);
  const server: Server = createServer((req, res) => {
    const body = files.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    mirror: `http://127.0.0.1:${port}`,
    rootBase64: root.toString('base64'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
