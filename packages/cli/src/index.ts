export type { Command } from './command.js';
export { COMMANDS } from './commands/index.js';
export type { CliErrorCode } from './errors.js';
export { CliError } from './errors.js';
export { EXIT_DENIED, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
export type { Io } from './io.js';
export { processIo } from './io.js';
export { main } from './main.js';
