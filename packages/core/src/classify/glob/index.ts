export type { CompiledGlob } from './compile-glob.js';
export { compileGlob } from './compile-glob.js';
export { expandBraces, MAX_BRACE_EXPANSIONS } from './expand-braces.js';
export { GlobSyntaxError } from './glob-error.js';
export { GlobSet } from './glob-set.js';
export type { ClassRange, GlobSegment, GlobToken } from './glob-syntax.types.js';
export { parseGlob } from './parse-glob.js';
