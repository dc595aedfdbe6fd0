import type { Io } from '../io.js';

/** An in-memory Io for running commands in-process: captures stdout and stderr. */
export interface FakeIo extends Io {
  readonly out: () => string;
  readonly err: () => string;
}

export function fakeIo(
  options: { stdin?: string; cwd?: string; env?: Record<string, string | undefined>; isTTY?: boolean } = {},
): FakeIo {
  let out = '';
  let err = '';
  return {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    readStdin: async (maxBytes = Number.POSITIVE_INFINITY) => {
      const text = options.stdin ?? '';
      return Buffer.byteLength(text, 'utf8') > maxBytes ? undefined : text;
    },
    isTTY: options.isTTY ?? false,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    out: () => out,
    err: () => err,
  };
}
