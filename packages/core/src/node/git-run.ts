import { spawnSync } from 'node:child_process';
import { TrustladderError } from '../errors.js';

// Runs one git command in a repository and returns its standard output. A failure is an
// INVALID_INPUT error with git's first line; output over the bound is a RangeError, which
// callers turn into "unknown" (never a truncated, wrong answer).
export function git(args: readonly string[], cwd: string, maxBuffer = 64 * 1024 * 1024): string {
  const result = spawnSync('git', ['-c', 'core.quotePath=false', ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer,
  });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOBUFS') throw new RangeError('git output exceeds the bound');
    throw new TrustladderError('INVALID_INPUT', `cannot run git: ${result.error.message}`, {
      cause: result.error,
    });
  }
  if (result.status !== 0) {
    throw new TrustladderError(
      'INVALID_INPUT',
      `git ${args[0]} failed: ${result.stderr.trim().split('\n')[0] ?? ''}`,
      {
        source: cwd,
      },
    );
  }
  return result.stdout;
}

/** The files git tracks in the working tree of the repository at `top`, relative to it. */
export function trackedFiles(top: string): string[] {
  return git(['ls-files', '-z', '--cached'], top, 256 * 1024 * 1024)
    .split('\u0000')
    .filter((p) => p !== '');
}

/** The top directory of the repository that holds `cwd`. */
export function repositoryTop(cwd: string): string {
  return git(['rev-parse', '--show-toplevel'], cwd).trim();
}
