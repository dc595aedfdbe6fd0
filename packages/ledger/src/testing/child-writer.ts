import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Runs testdata/writer.ts in a separate Node process, on the TypeScript sources.
const testdata = join(dirname(fileURLToPath(import.meta.url)), '..', 'testdata');

export interface Writer {
  readonly child: ChildProcess;
  /** Ids acknowledged so far (their append resolved). */
  readonly acked: string[];
  /** Resolves when a line matching `pattern` has been printed. */
  waitFor(pattern: RegExp): Promise<void>;
  /** Resolves with the exit code (or signal) when the process ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export function spawnWriter(
  args: readonly string[],
  env: Record<string, string> = {},
  options: { fileSizeLimitKb?: number } = {},
): Writer {
  const nodeArgs = [
    '--experimental-transform-types',
    '--no-warnings',
    '--conditions=@trustladder/source',
    '--import',
    join(testdata, 'register-ts.mjs'),
    join(testdata, 'writer.ts'),
    ...args,
  ];
  // A file-size limit (ulimit -f, in 1 KiB blocks in bash) stands in for a full disk.
  const limit = options.fileSizeLimitKb;
  const [command, commandArgs] =
    limit === undefined
      ? [process.execPath, nodeArgs]
      : ['bash', ['-c', `ulimit -f ${limit} && exec "$0" "$@"`, process.execPath, ...nodeArgs]];
  const child = spawn(command, commandArgs, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: string[] = [];
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  let buffer = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      if (line.startsWith('ack ')) acked.push(...line.slice(4).split(' '));
      for (const w of waiters.filter((x) => x.pattern.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      nl = buffer.indexOf('\n');
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return {
    child,
    acked,
    exited,
    waitFor(pattern) {
      if (lines.some((l) => pattern.test(l))) return Promise.resolve();
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then((x) =>
          reject(new Error(`writer exited (${x.code ?? x.signal}) before ${pattern}: ${x.stderr}`)),
        );
      });
    },
  };
}
