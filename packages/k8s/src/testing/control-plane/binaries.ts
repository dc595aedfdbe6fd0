import { accessSync, constants } from 'node:fs';
import { join, resolve } from 'node:path';

/** The executables of a throwaway control plane (and what applies manifests to it). */
export interface ControlPlaneBinaries {
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubectl: string;
}

// scripts/setup.sh links them into .tools/bin at the repository root (src/ and dist/ sit at the
// same depth, so the same relative path works from both).
const REPOSITORY_ROOT = resolve(import.meta.dirname, '../../../../..');
const SETUP_COMMAND = 'bash scripts/setup.sh controlplane';

/**
 * Finds etcd, kube-apiserver and kubectl in $TRUSTLADDER_TOOLS_BIN (default: .tools/bin of the
 * repository). Returns the reason as a string when one is missing, so that a caller decides
 * whether that skips (a developer machine) or fails (CI).
 */
export function findControlPlaneBinaries(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ControlPlaneBinaries | string {
  const folder = env.TRUSTLADDER_TOOLS_BIN ?? join(REPOSITORY_ROOT, '.tools', 'bin');
  const binaries = {
    etcd: join(folder, 'etcd'),
    kubeApiserver: join(folder, 'kube-apiserver'),
    kubectl: join(folder, 'kubectl'),
  };
  const missing = Object.values(binaries).filter((file) => !isExecutable(file));
  if (missing.length > 0) return `missing ${missing.join(', ')} (run ${SETUP_COMMAND})`;
  return binaries;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
