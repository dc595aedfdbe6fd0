import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Signer } from './test-sigstore.js';

// A real OCI registry on 127.0.0.1 (go-containerregistry's `registry`), images pushed with
// `crane`, attestations signed and attached with `cosign attest` in cosign's own layout (the
// `sha256-<digest>.att` tag), with a test Sigstore's certificate and its Rekor's signed entry.

const run = promisify(execFile);

export interface LocalRegistry {
  /** host:port, for image references. */
  readonly host: string;
  /** Pushes a one-layer image of random content; returns repo@sha256:digest. */
  pushImage(repository: string): Promise<string>;
  /** Pushes the same kind of image under a tag; returns repo:tag. */
  pushTagged(repository: string, tag: string): Promise<string>;
  /** Attaches an in-toto attestation of `predicateType`, signed by `signer`, logged in Rekor. */
  attest(
    image: string,
    signer: Signer,
    rekorUrl: string,
    predicateType: string,
    predicate: object,
  ): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalRegistry(dir: string): Promise<LocalRegistry> {
  const child: ChildProcess = spawn('registry', ['-port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`registry did not start: ${seen}`)), 15_000);
    child.once('error', reject);
    child.stderr?.on('data', (b: Buffer) => {
      seen += b.toString();
      const m = /serving on port (\d+)/.exec(seen);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  const host = `127.0.0.1:${port}`;
  const env = { ...process.env, COSIGN_PASSWORD: '', COSIGN_YES: 'true', HOME: dir };
  let layers = 0;
  const push = async (reference: string) => {
    const layer = join(dir, `layer-${layers}.tar`);
    const payload = `payload-${layers++}.bin`;
    writeFileSync(join(dir, payload), randomBytes(64));
    await run('tar', ['-cf', layer, '-C', dir, payload]);
    const { stdout } = await run('crane', ['append', '--new_layer', layer, '--new_tag', reference], { env });
    return stdout.trim();
  };
  return {
    host,
    async pushImage(repository) {
      const pushed = await push(`${host}/${repository}:build-${layers}`);
      const digest = /@(sha256:[0-9a-f]{64})$/.exec(pushed)?.[1];
      if (digest === undefined) throw new Error(`crane append printed no digest: ${pushed}`);
      return `${host}/${repository}@${digest}`;
    },
    async pushTagged(repository, tag) {
      await push(`${host}/${repository}:${tag}`);
      return `${host}/${repository}:${tag}`;
    },
    async attest(image, signer, rekorUrl, predicateType, predicate) {
      const prefix = join(dir, `cosign-${signer.name}`);
      await run(
        'cosign',
        ['import-key-pair', '--key', signer.keyPath, '--output-key-prefix', prefix, '--yes'],
        { env },
      );
      const predicateFile = join(dir, `predicate-${layers++}.json`);
      writeFileSync(predicateFile, JSON.stringify(predicate));
      await run(
        'cosign',
        [
          'attest',
          '--key',
          `${prefix}.key`,
          '--certificate',
          signer.certPath,
          '--certificate-chain',
          signer.chainPath,
          '--type',
          predicateType,
          '--predicate',
          predicateFile,
          '--rekor-url',
          rekorUrl,
          '--rekor-entry-type',
          'intoto',
          '--yes',
          image,
        ],
        { env },
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
