import pc from 'picocolors';
import type { Io } from '../io.js';

// Colour only on a terminal (and never with NO_COLOR): piped output stays plain text.
export interface Paint {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
  readonly cyan: (s: string) => string;
}

const plain = (s: string) => s;

export function paint(io: Io): Paint {
  if (!io.isTTY) return { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };
  return { bold: pc.bold, dim: pc.dim, red: pc.red, yellow: pc.yellow, green: pc.green, cyan: pc.cyan };
}
