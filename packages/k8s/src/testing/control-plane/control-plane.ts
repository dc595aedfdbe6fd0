import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ControlPlaneBinaries } from './binaries.js';
import { freeLoopbackPort } from './free-port.js';
import { tokenKubeconfig } from './kubeconfig.js';
import { SupervisedProcess } from './supervised-process.js';

/** A user of the static token file: a name and its groups. */
export interface ControlPlaneUser {
  readonly name: string;
  readonly groups: readonly string[];
}

export interface ControlPlaneOptions {
  readonly binaries: ControlPlaneBinaries;
  /** Users besides the admin (group system:masters), each given a random token. */
  readonly users?: readonly ControlPlaneUser[];
  /** Both processes end by themselves after this long, whatever happens (default 30 min). */
  readonly lifetimeSeconds?: number;
  /** How long to wait for /readyz (default 90 s: two busy cores can be slow). */
  readonly readyTimeoutMs?: number;
}

/** A running etcd and kube-apiserver on loopback ports, with RBAC and static tokens. */
export interface ControlPlane {
  /** https://127.0.0.1:PORT */
  readonly server: string;
  /** The PEM the server's certificate chains to. */
  readonly caFile: string;
  /** A member of system:masters. */
  readonly adminToken: string;
  /** A kubeconfig file for the admin. */
  readonly adminKubeconfig: string;
  /** The token of each user of `options.users`, by name. */
  readonly tokens: ReadonlyMap<string, string>;
  /** A scratch folder removed by stop(). */
  readonly dir: string;
  /** Writes a kubeconfig for a bearer token into `dir` and returns its path. */
  writeKubeconfig(name: string, token: string, namespace?: string): string;
  /** The last lines etcd and kube-apiserver wrote, for a failing test's message. */
  logs(): string;
  stop(): Promise<void>;
}

const ADMIN = 'trustladder-e2e-admin';
const BIND_RETRIES = 3;

/**
 * Starts etcd and kube-apiserver on free 127.0.0.1 ports and waits until /readyz answers.
 * Retries with other ports when a port was taken between choosing and binding it. Everything
 * it writes lives in one temporary folder, removed by stop().
 */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const users = options.users ?? [];
  for (const user of users) {
    if (!/^[a-z0-9:._-]+$/i.test(user.name) || user.groups.some((g) => !/^[a-z0-9:._-]+$/i.test(g))) {
      throw new TypeError(
        `control-plane user ${JSON.stringify(user)}: names and groups are [A-Za-z0-9:._-]+`,
      );
    }
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < BIND_RETRIES; attempt++) {
    try {
      return await startOnce(options, users);
    } catch (e) {
      lastError = e;
      if (!(e instanceof PortTakenError)) throw e;
    }
  }
  throw lastError;
}

class PortTakenError extends Error {}

async function startOnce(
  options: ControlPlaneOptions,
  users: readonly ControlPlaneUser[],
): Promise<ControlPlane> {
  const dir = mkdtempSync(join(tmpdir(), 'trustladder-controlplane-'));
  const lifetimeSeconds = options.lifetimeSeconds ?? 1800;
  const processes: SupervisedProcess[] = [];
  const stop = async () => {
    for (const p of processes.reverse()) await p.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [etcdClient, etcdPeer, apiPort] = await distinctPorts(3);
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const etcd = new SupervisedProcess({
      command: options.binaries.etcd,
      args: [
        '--name=e2e',
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=e2e=http://127.0.0.1:${etcdPeer}`,
        // A throwaway store: durability buys nothing here and fsync is slow on shared disks.
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      logFile: join(dir, 'etcd.log'),
      lifetimeSeconds,
    });
    processes.push(etcd);
    await waitFor('etcd', etcd, () => httpOk(`${etcdUrl}/health`), 30_000);

    const adminToken = randomToken();
    const tokens = new Map(users.map((u) => [u.name, randomToken()] as const));
    const tokenLines = [
      `${adminToken},${ADMIN},${ADMIN},"system:masters"`,
      ...users.map((u) => `${tokens.get(u.name)},${u.name},${u.name},"${u.groups.join(',')}"`),
    ];
    writeFileSync(join(dir, 'tokens.csv'), `${tokenLines.join('\n')}\n`, { mode: 0o600 });
    // The service-account token signer (TokenRequest): an RSA key pair, as openssl would make it.
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'sa.key'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
    writeFileSync(join(dir, 'sa.pub'), keys.publicKey.export({ type: 'spki', format: 'pem' }));

    const server = `https://127.0.0.1:${apiPort}`;
    const certDir = join(dir, 'certs');
    const apiserver = new SupervisedProcess({
      command: options.binaries.kubeApiserver,
      args: [
        `--etcd-servers=${etcdUrl}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        // A self-signed serving certificate for 127.0.0.1, made at start-up.
        `--cert-dir=${certDir}`,
        `--token-auth-file=${join(dir, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        `--service-account-issuer=${server}`,
        `--service-account-key-file=${join(dir, 'sa.pub')}`,
        `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
        '--service-cluster-ip-range=10.0.0.0/24',
        // The default reconciler publishes the advertise address as the kubernetes service's
        // endpoint and refuses a loopback one.
        '--endpoint-reconciler-type=none',
        // No controller-manager creates the default ServiceAccount of a namespace, which this
        // admission plugin would require of every pod (envtest turns it off for the same reason).
        '--disable-admission-plugins=ServiceAccount',
      ],
      logFile: join(dir, 'kube-apiserver.log'),
      lifetimeSeconds,
    });
    processes.push(apiserver);
    const caFile = join(certDir, 'apiserver.crt');
    await waitFor(
      'kube-apiserver',
      apiserver,
      () => existsSync(caFile) && httpsOk(`${server}/readyz`, readFileSync(caFile), adminToken),
      options.readyTimeoutMs ?? 90_000,
    );

    const writeKubeconfig = (name: string, token: string, namespace?: string) => {
      const file = join(dir, `${name}.kubeconfig`);
      writeFileSync(
        file,
        tokenKubeconfig({ server, caFile, token, user: name, ...(namespace ? { namespace } : {}) }),
        {
          mode: 0o600,
        },
      );
      return file;
    };
    return {
      server,
      caFile,
      adminToken,
      adminKubeconfig: writeKubeconfig('admin', adminToken),
      tokens,
      dir,
      writeKubeconfig,
      logs: () => processes.map((p) => p.logTail()).join('\n'),
      stop,
    };
  } catch (e) {
    const logs = processes.map((p) => p.logTail()).join('\n');
    await stop();
    if (/address already in use/.test(logs)) throw new PortTakenError(logs, { cause: e });
    throw e;
  }
}

async function distinctPorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freeLoopbackPort());
  return [...ports];
}

// Polls `ready` until it holds; fails early, with the process's last output, when it exits.
async function waitFor(
  name: string,
  child: SupervisedProcess,
  ready: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!child.running) throw new Error(`${name} exited before it was ready:\n${child.logTail()}`);
    if (await ready()) return;
    await sleep(200);
  }
  throw new Error(`${name} not ready after ${timeoutMs} ms:\n${child.logTail()}`);
}

function randomToken(): string {
  return randomBytes(24).toString('hex');
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolveOk) => {
    const req = httpRequest(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolveOk(res.statusCode === 200);
    });
    req.on('error', () => resolveOk(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function httpsOk(url: string, ca: Buffer, token: string): Promise<boolean> {
  return new Promise((resolveOk) => {
    const req = httpsRequest(
      url,
      { ca, timeout: 2000, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        resolveOk(res.statusCode === 200);
      },
    );
    req.on('error', () => resolveOk(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
