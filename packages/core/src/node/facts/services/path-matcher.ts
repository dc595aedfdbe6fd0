import { RE2JS } from 're2js';
import { type CompiledGlob, compileGlob } from '../../../classify/glob/compile-glob.js';
import { GlobSyntaxError } from '../../../classify/glob/glob-error.js';
import type { Issue } from '../../../issues.js';
import { joinPointer } from '../../../issues.js';

// Compiles a service's `paths` and `exclude` with the policy's own glob compiler, so that a
// catalog glob means exactly what the same glob means in a blast-radius rule. A bad glob is
// an issue at its pointer.
export function compilePathMatcher(
  paths: readonly string[],
  exclude: readonly string[],
  ignoreCase: boolean,
  at: string,
  issues: Issue[],
): { readonly owns: (path: string) => boolean; readonly globs: readonly CompiledGlob[] } {
  const compile = (globs: readonly string[], key: string) =>
    globs.flatMap((glob, i) => {
      try {
        return [compileGlob(glob, ignoreCase)];
      } catch (e) {
        if (!(e instanceof GlobSyntaxError)) throw e;
        issues.push({ code: 'invalid_glob', path: joinPointer(at, key, i), message: e.message });
        return [];
      }
    });
  const globs = compile(paths, 'paths');
  const include = globs.map((g) => RE2JS.compile(g.regex));
  const skip = compile(exclude, 'exclude').map((g) => RE2JS.compile(g.regex));
  return {
    owns: (path) => include.some((re) => re.matches(path)) && !skip.some((re) => re.matches(path)),
    globs,
  };
}
