import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { request } from 'node:https';
import { join, resolve } from 'node:path';
import {
  type ControlPlane,
  type ControlPlaneBinaries,
  type ControlPlaneUser,
  findControlPlaneBinaries,
  startControlPlane,
} from '../testing/control-plane/index.js';

// What every end-to-end file shares: the binaries (a developer without them skips with a
// warning; CI=true fails), kubectl and the built CLI as processes, and raw HTTPS requests that
// bypass the observer's client-side guard so the server's own answer can be seen.

export const ROOT = resolve(import.meta.dirname, '../../../..');
export const CLI = join(ROOT, 'packages/cli/dist/bin.js');

/** The binaries, or undefined (after a warning) when they are missing outside CI. */
export function e2eBinaries(): ControlPlaneBinaries | undefined {
  const found = findControlPlaneBinaries();
  if (typeof found !== 'string') return found;
  if (process.env.CI === 'true') throw new Error(`CI=true and no control plane for the e2e tests: ${found}`);
  console.warn(`\n!!! control-plane e2e tests will be skipped: ${found}\n`);
  return undefined;
}

/** Starts a control plane for one test file; the caller stops it in afterAll. */
export function startE2eControlPlane(
  binaries: ControlPlaneBinaries,
  users: readonly ControlPlaneUser[] = [],
): Promise<ControlPlane> {
  return startControlPlane({ binaries, users });
}

export interface ProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end (never throws on a non-zero exit: the test judges the code). */
export function run(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; input?: string } = {},
): Promise<ProcessResult> {
  return new Promise((resolveRun) => {
    const child = execFile(
      command,
      [...args],
      {
        cwd: options.cwd ?? ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolveRun({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** kubectl of the same release as the server, with one kubeconfig and nothing else. */
export function kubectl(
  binaries: ControlPlaneBinaries,
  kubeconfig: string,
  args: readonly string[],
  input?: string,
): Promise<ProcessResult> {
  return run(binaries.kubectl, args, { env: { KUBECONFIG: kubeconfig }, ...(input ? { input } : {}) });
}

/** kubectl that must succeed: its stdout, or an error with its stderr. */
export async function kubectlOk(
  binaries: ControlPlaneBinaries,
  kubeconfig: string,
  args: readonly string[],
  input?: string,
): Promise<string> {
  const r = await kubectl(binaries, kubeconfig, args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** The built `trustladder` CLI (scripts/test.sh builds before the tests run). */
export function trustladder(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ProcessResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run pnpm run build first`);
  return run(process.execPath, [CLI, ...args], { env: { NO_COLOR: '1', ...env } });
}

/** A request straight to the API server with a bearer token: no client, no guard. */
export function rawRequest(
  plane: ControlPlane,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: string }> {
  return new Promise((resolveRequest, reject) => {
    const req = request(
      `${plane.server}${path}`,
      {
        method,
        ca: readFileSync(plane.caFile),
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        timeout: 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolveRequest({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** A bound token of a ServiceAccount from the TokenRequest API (kubectl create token). */
export async function serviceAccountToken(
  binaries: ControlPlaneBinaries,
  plane: ControlPlane,
  namespace: string,
  name: string,
): Promise<string> {
  const out = await kubectlOk(binaries, plane.adminKubeconfig, [
    'create',
    'token',
    name,
    '--namespace',
    namespace,
    '--duration=30m',
  ]);
  return out.trim();
}

/** A Namespace manifest with an optional blast-radius label. */
export function namespaceManifest(name: string, tier?: string): string {
  const labels = tier === undefined ? '' : `\n  labels: { blast-radius: ${JSON.stringify(tier)} }`;
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}${labels}\n`;
}

/** The server-side apply a platform team runs, with strict field validation. */
export const APPLY = ['apply', '--server-side', '--field-manager=trustladder-e2e', '--validate=strict'];

/** Kyverno's CRDs (.tools/kyverno-crds, from its Go module), installed and established. */
export async function installKyvernoCrds(binaries: ControlPlaneBinaries, plane: ControlPlane): Promise<void> {
  const crds = join(ROOT, '.tools/kyverno-crds');
  if (!existsSync(crds)) throw new Error(`${crds} is missing: run bash scripts/setup.sh controlplane`);
  // kubectl reads a symbolic link to a folder as a file: give it the folder itself.
  await kubectlOk(binaries, plane.adminKubeconfig, [...APPLY, '--recursive', '-f', realpathSync(crds)]);
  // A CRD created a moment ago may have no status.conditions yet, which kubectl wait reports
  // as an error instead of waiting ("accessor error: <nil>"): try again while that is all.
  for (let attempt = 1; ; attempt++) {
    const r = await kubectl(binaries, plane.adminKubeconfig, [
      'wait',
      '--for=condition=Established',
      '--all',
      'customresourcedefinitions',
      '--timeout=60s',
    ]);
    if (r.code === 0) return;
    if (attempt >= 10 || !r.stderr.includes('.status.conditions accessor error'))
      throw new Error(`kubectl wait for the Kyverno CRDs exited ${r.code}: ${r.stderr}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 500));
  }
}

/** A Deployment (apps/v1) of one container, as a JSON body for rawRequest. */
export function deploymentObject(name: string, image: string): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
    },
  };
}

/** The names of the policies committed in kyverno/ (one file each, named after the policy). */
export function committedPolicyNames(): string[] {
  return readdirSync(join(ROOT, 'kyverno'))
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort();
}
