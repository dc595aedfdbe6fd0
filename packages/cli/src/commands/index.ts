import type { Command } from '../command.js';
import { classifyCommand } from './classify.js';

// Every command of the CLI, in the order `--help` lists them. One line per command module.
export const COMMANDS: readonly Command[] = [classifyCommand];
