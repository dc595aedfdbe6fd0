// Normalises a repository path exactly as DESIGN.md says, before any rule sees it:
// NFC, `\` becomes `/`, `.` and empty segments go, `..` is resolved. A path that is empty,
// holds NUL or a lone surrogate, is absolute (`/x`, `C:/x`, `//server/x`) or climbs out of
// the repository root is an input error: the path is attacker-controlled, and a path that
// escapes the root could dodge every rule. So is a path with a character a reviewer cannot
// see (zero-width, bidi override, control): `\u200b.github/workflows/release.yml` would
// dodge the release-workflow rule while looking like the real file.
import { describeIdentifierProblem, identifierProblem } from '../text/identifier.js';

export type PathProblem =
  | 'empty'
  | 'nul'
  | 'absolute'
  | 'escapes_root'
  | 'invalid_unicode'
  | 'control'
  | 'bidi'
  | 'invisible';

export type NormalisedPath =
  | { readonly ok: true; readonly path: string }
  | { readonly ok: false; readonly problem: PathProblem };

const PROBLEM_TEXT: Record<PathProblem, string> = {
  empty: 'the path is empty',
  nul: 'the path contains a NUL character',
  absolute: 'the path is absolute; paths are relative to the repository root',
  escapes_root: 'the path leaves the repository root',
  invalid_unicode: 'the path is not valid Unicode (a lone surrogate)',
  control: `the path ${describeIdentifierProblem('control')}`,
  bidi: `the path ${describeIdentifierProblem('bidi')}`,
  invisible: `the path ${describeIdentifierProblem('invisible')}`,
};

export function describePathProblem(problem: PathProblem): string {
  return PROBLEM_TEXT[problem];
}

export function normalisePath(raw: string): NormalisedPath {
  return isAlreadyNormal(raw) ? { ok: true, path: raw } : normalisePathPlain(raw);
}

// The fast path (issue 16): printable ASCII without a backslash, with no empty, `.` or `..` segment,
// not starting with a drive letter and not all spaces, is its own normal form (NFC leaves ASCII
// alone, and no ASCII printable character is a control, bidi or invisible one). Anything
// else, including every doubtful case, takes the plain path below; the property test checks
// that both agree on every string, and normalise-path-fast-path.prop.test.ts that it takes
// every such path (a fast path that declines a path is still correct, only slower).
export function isAlreadyNormal(raw: string): boolean {
  const n = raw.length;
  let start = 0;
  let visible = false;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? raw.charCodeAt(i) : 0x2f;
    if (c === 0x2f) {
      const length = i - start;
      if (length === 0) return false;
      if (
        raw.charCodeAt(start) === 0x2e &&
        (length === 1 || (length === 2 && raw.charCodeAt(start + 1) === 0x2e))
      )
        return false;
      start = i + 1;
    } else if (c < 0x20 || c > 0x7e || c === 0x5c) return false;
    else if (c !== 0x20) visible = true;
  }
  return visible && !(n >= 2 && raw.charCodeAt(1) === 0x3a);
}

/** The normalisation step by step, for every path (the reference of the fast path). */
export function normalisePathPlain(raw: string): NormalisedPath {
  if (raw.includes('\u0000')) return { ok: false, problem: 'nul' };
  const problem = identifierProblem(raw);
  if (problem !== undefined) return { ok: false, problem };
  const slashed = raw.normalize('NFC').replace(/\\/g, '/');
  if (slashed.trim() === '') return { ok: false, problem: 'empty' };
  if (slashed.startsWith('/') || /^[A-Za-z]:(\/|$)/.test(slashed)) return { ok: false, problem: 'absolute' };
  const out: string[] = [];
  for (const segment of slashed.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return { ok: false, problem: 'escapes_root' };
      out.pop();
      continue;
    }
    out.push(segment);
  }
  if (out.length === 0) return { ok: false, problem: 'empty' };
  return { ok: true, path: out.join('/') };
}
