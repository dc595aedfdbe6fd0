import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

// Runs the command under a bash watchdog so that it stops by itself: when this Node process
// goes away (its end of the watchdog's stdin closes, even on kill -9 or a crashed test worker)
// the watchdog sends SIGTERM, and `timeout` ends it after `lifetimeSeconds` whatever happens.
// `timeout` forwards the SIGTERM to the command and SIGKILLs it 10 s later if it lingers.
const WATCHDOG = `
exec 3<&0
lifetime="$1"; shift
timeout --signal=TERM --kill-after=10 "$lifetime" "$@" </dev/null &
child=$!
( read -r _ <&3; kill -TERM "$child" 2>/dev/null ) &
watcher=$!
wait "$child"; status=$?
kill "$watcher" 2>/dev/null
exit "$status"
`;

export interface SupervisedProcessOptions {
  readonly command: string;
  readonly args: readonly string[];
  /** Standard output and error go here (read back for error messages). */
  readonly logFile: string;
  readonly lifetimeSeconds: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

/** A child process that cannot outlive its parent or its lifetime. */
export class SupervisedProcess {
  readonly #child: ChildProcess;
  readonly #logFile: string;
  readonly exited: Promise<number | null>;
  #running = true;

  constructor(options: SupervisedProcessOptions) {
    this.#logFile = options.logFile;
    const log = openSync(options.logFile, 'a');
    try {
      this.#child = spawn(
        'bash',
        ['-c', WATCHDOG, 'watchdog', `${options.lifetimeSeconds}s`, options.command, ...options.args],
        {
          stdio: ['pipe', log, log],
          ...(options.env ? { env: { ...options.env } } : {}),
          ...(options.cwd ? { cwd: options.cwd } : {}),
        },
      );
    } finally {
      closeSync(log);
    }
    this.exited = new Promise((resolveExit) => {
      this.#child.once('exit', (code) => {
        this.#running = false;
        resolveExit(code);
      });
      this.#child.once('error', () => {
        this.#running = false;
        resolveExit(null);
      });
    });
  }

  get running(): boolean {
    return this.#running;
  }

  /** The last `bytes` of what the process wrote, for an error message. */
  logTail(bytes = 4000): string {
    try {
      const text = readFileSync(this.#logFile, 'utf8');
      return text.slice(-bytes);
    } catch {
      return '';
    }
  }

  /** SIGTERM (through the watchdog), then SIGKILL to the watchdog after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.#running) return;
    this.#child.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolveKill) => {
      timer = setTimeout(() => {
        this.#child.kill('SIGKILL');
        resolveKill();
      }, graceMs);
    });
    await Promise.race([this.exited, killed]);
    clearTimeout(timer);
    await this.exited;
  }
}
