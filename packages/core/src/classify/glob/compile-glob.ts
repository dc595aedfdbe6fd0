import { expandBraces } from './expand-braces.js';
import { globsToRe2 } from './glob-regex.js';
import type { GlobSegment } from './glob-syntax.types.js';
import { parseGlob } from './parse-glob.js';

export interface CompiledGlob {
  readonly glob: string;
  readonly ignoreCase: boolean;
  /** Anchored RE2 regex of the whole path: the contract with the Rego engine. */
  readonly regex: string;
  /** The brace-free expansions, parsed: what the TypeScript matcher indexes. */
  readonly expansions: readonly (readonly GlobSegment[])[];
}

/** Compiles a glob by DESIGN.md's semantics; throws GlobSyntaxError with the reason. */
export function compileGlob(glob: string, ignoreCase = false): CompiledGlob {
  const expansions = expandBraces(glob).map(parseGlob);
  return { glob, ignoreCase, regex: globsToRe2(expansions, ignoreCase), expansions };
}
