import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KyvernoError } from '../errors.js';

// Kyverno's own engine, as two binaries: the Kyverno CLI (`kyverno test`) and trustladder's
// admission harness, built inside a copy of the Kyverno module so it calls the engines the
// webhook calls (scripts/setup.sh builds both; `bash scripts/setup.sh kyverno`).

export interface KyvernoTools {
  /** The Kyverno CLI (kubectl-kyverno), v1.19. */
  readonly cli: string;
  /** trustladder-kyverno-admit, or undefined when it is not installed. */
  readonly admit: string | undefined;
}

const CLI_NAMES = ['kyverno', 'kubectl-kyverno'];
const ADMIT_NAME = 'trustladder-kyverno-admit';
export const KYVERNO_SETUP_HINT = 'build it with `bash scripts/setup.sh kyverno` (cached in .tools/bin)';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(
  names: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (executable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The tools named by TRUSTLADDER_KYVERNO / TRUSTLADDER_KYVERNO_ADMIT, else found on PATH. */
export function findKyvernoTools(
  env: Readonly<Record<string, string | undefined>> = process.env,
): KyvernoTools | undefined {
  const cli = env.TRUSTLADDER_KYVERNO ?? onPath(CLI_NAMES, env);
  if (cli === undefined || !executable(cli)) return undefined;
  const admit = env.TRUSTLADDER_KYVERNO_ADMIT ?? onPath([ADMIT_NAME], env);
  return { cli, admit: admit !== undefined && executable(admit) ? admit : undefined };
}

/** The tools, or a KyvernoError saying plainly that the real engine is not installed. */
export function requireKyvernoTools(
  env: Readonly<Record<string, string | undefined>> = process.env,
): KyvernoTools {
  const tools = findKyvernoTools(env);
  if (tools === undefined) {
    throw new KyvernoError(
      'ENGINE_MISSING',
      `the Kyverno CLI is not installed (no kyverno or kubectl-kyverno on PATH, TRUSTLADDER_KYVERNO unset): ${KYVERNO_SETUP_HINT}`,
    );
  }
  return tools;
}
