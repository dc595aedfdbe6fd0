import type { Io } from './io.js';

// One top-level verb of `trustladder` (classify, ledger, approval, kyverno, ...). A command
// parses its own arguments (node:util parseArgs, strict) and returns the exit code; it throws
// CliError or TrustladderError for bad input, which main() turns into one line and exit 2.
export interface Command {
  readonly name: string;
  /** One line for `trustladder --help`. */
  readonly summary: string;
  /** The usage lines, shown by `trustladder <name> --help` and after a usage error. */
  readonly usage: string;
  run(args: readonly string[], io: Io): Promise<number>;
  /** A lazily imported command (lazy-command.ts): the loaded command, imported on first call. */
  load?(): Promise<Command>;
}
