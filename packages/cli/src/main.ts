import { isTrustladderError } from '@trustladder/core';
import type { Command } from './command.js';
import { COMMANDS } from './commands/index.js';
import { CliError } from './errors.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { subcommandsOf, subcommandUsage } from './help/subcommand-usage.js';
import { cliVersion } from './help/version.js';
import type { Io } from './io.js';

function help(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `trustladder: policy as code for earned autonomy\n\nUsage: trustladder <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'trustladder <command> --help' (or 'trustladder <command> <subcommand> --help') for its options.\nRun 'trustladder --version' for the version.\n`;
}

// Runs one CLI invocation. Any input error becomes one line on stderr and exit 2; an
// unexpected error is a bug and also exits 2 (never 0: unknown is never safe).
export async function main(
  argv: readonly string[],
  io: Io,
  commands: readonly Command[] = COMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help(commands));
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version') {
    io.stdout(`trustladder ${cliVersion()}\n`);
    return EXIT_OK;
  }
  const found = commands.find((c) => c.name === name);
  if (!found) {
    io.stderr(`trustladder: unknown command "${name}" (see trustladder --help)\n`);
    return EXIT_USAGE;
  }
  let command: Command;
  try {
    command = found.load ? await found.load() : found;
  } catch (e) {
    // A module that fails to load has no usage to show.
    io.stderr(`${describe(e, found, '')}\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${usageFor(command, rest[0])}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    io.stderr(`${describe(e, command, usageFor(command, rest[0]))}\n`);
    return EXIT_USAGE;
  }
}

/** A subcommand's own help when `rest` starts with one (`ledger status --help`), else the group's. */
function usageFor(command: Command, first: string | undefined): string {
  if (first === undefined || !subcommandsOf(command.name, command.usage).includes(first))
    return command.usage;
  return subcommandUsage(command.name, command.usage, first);
}

function describe(e: unknown, command: Command, usage: string): string {
  if (isTrustladderError(e)) return `trustladder ${command.name}: ${e.firstLine()}`;
  // Usage follows a usage error only: bad input is one line naming what is wrong.
  if (e instanceof CliError)
    return `trustladder ${command.name}: ${e.message}${e.code === 'USAGE' ? `\n${usage}` : ''}`;
  // parseArgs throws TypeError with code ERR_PARSE_ARGS_*: a usage error.
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    return `trustladder ${command.name}: ${(e as Error).message}\n${usage}`;
  }
  return `trustladder ${command.name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
}
