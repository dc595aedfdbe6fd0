// Everything a command touches outside itself, so tests run commands in-process.
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * Reads all of standard input; with `maxBytes`, stops reading and returns undefined as soon
   * as more than that arrives (the caller refuses it without holding it all in memory).
   */
  readonly readStdin: (maxBytes?: number) => Promise<string | undefined>;
  /** Whether stdout is a terminal: progress bars only then; colour then too (format/colour.ts). */
  readonly isTTY: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async (maxBytes = Number.POSITIVE_INFINITY) => {
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of process.stdin) {
        total += (chunk as Buffer).length;
        if (total > maxBytes) {
          process.stdin.destroy();
          return undefined;
        }
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
    isTTY: process.stdout.isTTY === true,
    cwd: process.cwd(),
    env: process.env,
  };
}
