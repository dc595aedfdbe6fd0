import pc from 'picocolors';
import type { Io } from '../io.js';

// Colour only on a terminal, as https://no-color.org and https://force-color.org ask:
// NO_COLOR (set, not empty) turns it off everywhere; FORCE_COLOR (set, not empty, not "0")
// turns it on in a pipe; NO_COLOR wins when both are set. Piped output stays plain text.
export interface Paint {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
  readonly cyan: (s: string) => string;
}

const plain = (s: string) => s;

/** Whether this invocation colours its output (the env of the Io, never process.env). */
export function wantsColour(io: Pick<Io, 'isTTY' | 'env'>): boolean {
  const set = (v: string | undefined) => v !== undefined && v !== '';
  if (set(io.env.NO_COLOR)) return false;
  const force = io.env.FORCE_COLOR;
  if (set(force)) return force !== '0' && force !== 'false';
  return io.isTTY;
}

export function paint(io: Io): Paint {
  if (!wantsColour(io))
    return { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };
  // createColors(true): picocolors' own detection reads process.env and process.stdout.
  const c = pc.createColors(true);
  return { bold: c.bold, dim: c.dim, red: c.red, yellow: c.yellow, green: c.green, cyan: c.cyan };
}
