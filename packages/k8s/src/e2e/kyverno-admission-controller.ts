import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type ControlPlane,
  type ControlPlaneBinaries,
  freeLoopbackPort,
  SupervisedProcess,
} from '../testing/control-plane/index.js';
import { APPLY, kubectlOk, ROOT } from './e2e-environment.js';

export const KYVERNO_NAMESPACE = 'kyverno';

/** The admission controller, found beside the control-plane binaries. */
export function kyvernoAdmissionControllerBinary(toolsBin = join(ROOT, '.tools/bin')): string {
  return join(process.env.TRUSTLADDER_TOOLS_BIN ?? toolsBin, 'kyverno-admission-controller');
}

/**
 * The admission controller when the control plane is there too, or undefined (after a
 * warning) when it is missing outside CI; under CI=true a missing controller fails the run.
 */
export function e2eKyverno(binaries: ControlPlaneBinaries | undefined): string | undefined {
  if (binaries === undefined) return undefined;
  const binary = kyvernoAdmissionControllerBinary();
  if (existsSync(binary)) return binary;
  if (process.env.CI === 'true')
    throw new Error(`CI=true and no ${binary} (bash scripts/setup.sh controlplane)`);
  console.warn(`\n!!! Kyverno admission e2e tests will be skipped: no ${binary}\n`);
  return undefined;
}

export interface RunningKyverno {
  readonly process: SupervisedProcess;
  stop(): Promise<void>;
}

// Kyverno's admission controller outside the cluster, as its DEVELOPMENT.md ("Debugging local
// code") and .vscode/launch.json run it: --kubeconfig, --serverIP (the webhooks are registered
// with https://<serverIP>/..., and the serving certificate gets that IP), the TLS secret names,
// the service accounts of the controllers it would trust, and the environment a Deployment
// would give it. --serverIP also switches off its checks of its own Deployment. Every port is
// a free loopback one; metrics are off.
export async function startKyverno(
  binaries: ControlPlaneBinaries,
  plane: ControlPlane,
  binary: string,
  /** More environment (a private Sigstore's TUF cache folder, for one). */
  env: Readonly<Record<string, string>> = {},
): Promise<RunningKyverno> {
  await kubectlOk(
    binaries,
    plane.adminKubeconfig,
    [...APPLY, '-f', '-'],
    `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${KYVERNO_NAMESPACE}\n`,
  );
  const port = await freeLoopbackPort();
  const kyverno = new SupervisedProcess({
    command: binary,
    args: [
      `--kubeconfig=${plane.adminKubeconfig}`,
      `--serverIP=127.0.0.1:${port}`,
      '--webhookServerHost=127.0.0.1',
      `--webhookServerPort=${port}`,
      `--caSecretName=kyverno-svc.${KYVERNO_NAMESPACE}.svc.kyverno-tls-ca`,
      `--tlsSecretName=kyverno-svc.${KYVERNO_NAMESPACE}.svc.kyverno-tls-pair`,
      `--backgroundServiceAccountName=system:serviceaccount:${KYVERNO_NAMESPACE}:kyverno-background-controller`,
      `--reportsServiceAccountName=system:serviceaccount:${KYVERNO_NAMESPACE}:kyverno-reports-controller`,
      '--disableMetrics=true',
      `--metricsPort=${await freeLoopbackPort()}`,
      '--admissionReports=false',
      '--autoMemLimitEnabled=false',
      '--disableLogColor=true',
      '-v=2',
    ],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      KYVERNO_NAMESPACE,
      KYVERNO_SERVICEACCOUNT_NAME: 'kyverno-admission-controller',
      KYVERNO_DEPLOYMENT: 'kyverno-admission-controller',
      KYVERNO_POD_NAME: 'kyverno-admission-controller-e2e',
      INIT_CONFIG: 'kyverno',
      METRICS_CONFIG: 'kyverno-metrics',
      ...env,
    },
    logFile: join(plane.dir, 'kyverno.log'),
    lifetimeSeconds: 1800,
  });
  return { process: kyverno, stop: () => kyverno.stop() };
}

/**
 * Waits until `admitted` says Kyverno decides: a probe that only a running policy can answer
 * (a request the policies deny is denied). Fails with Kyverno's last output when it exits.
 */
export async function untilKyvernoDecides(
  kyverno: RunningKyverno,
  decides: () => Promise<boolean>,
  timeoutMs = 180_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!kyverno.process.running) throw new Error(`Kyverno exited:\n${kyverno.process.logTail()}`);
    if (await decides()) return;
    await sleep(1000);
  }
  throw new Error(`Kyverno did not start deciding in ${timeoutMs} ms:\n${kyverno.process.logTail()}`);
}
