import type { Io } from '../io.js';
import { readJsonInput } from '../read-input.js';

// Changes can be large (a monorepo diff); their bound is higher than a policy file's.
const CHANGE_LIMITS = { maxBytes: 512 * 1024 * 1024, maxNodes: 20_000_000, maxDepth: 32 };

/** A change (schemas/change.schema.json) named on the command line, parsed within its bounds. */
export function readChange(file: string, io: Io): Promise<unknown> {
  return readJsonInput(file, io, CHANGE_LIMITS, 'the change');
}
