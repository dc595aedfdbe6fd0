import type { ClassRange, GlobSegment, GlobToken } from './glob-syntax.types.js';

// Emits regexes for parsed globs. The whole-path regex is RE2 syntax: it is what the Rego
// engine runs and the reference the TypeScript matcher is tested against. Segment regexes
// are JS (`u` flag) and only ever see one segment, which never contains `/`.

// The escaped characters are regex literals inside the functions, not module constants: a
// module constant is built once when a test file imports it, so mutation testing could not
// switch its mutants per test (docs/mutation-testing.md).
function re2Literal(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, (c) => `\\${c}`);
}

/** A `[...]` class of code point ranges, each code point written by `hex`. */
function classRegex(negated: boolean, ranges: readonly ClassRange[], hex: (cp: number) => string): string {
  const body = ranges.map((r) => (r.from === r.to ? hex(r.from) : `${hex(r.from)}-${hex(r.to)}`)).join('');
  // A negated class must still never match "/".
  return negated ? `[^${body}/]` : `[${body}]`;
}

function re2Token(token: GlobToken): string {
  switch (token.kind) {
    case 'literal':
      return re2Literal(token.text);
    case 'star':
      return '[^/]*';
    case 'any':
      return '[^/]';
    case 'class':
      return classRegex(token.negated, token.ranges, (cp) => `\\x{${cp.toString(16)}}`);
  }
}

/** The RE2 regex (unanchored body) of one brace-free glob. */
export function globBodyToRe2(segments: readonly GlobSegment[]): string {
  let out = '';
  let needSeparator = false;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment.kind === 'globstar') {
      if (last) {
        // Trailing `**`: zero or more further segments (`docs/**` matches `docs` too).
        out += i === 0 ? '.*' : '(?:/.*)?';
      } else {
        out += `${needSeparator ? '/' : ''}(?:[^/]*/)*`;
        needSeparator = false;
      }
      return;
    }
    out += (needSeparator ? '/' : '') + segment.tokens.map(re2Token).join('');
    needSeparator = true;
  });
  return out;
}

/** The anchored RE2 regex for all the expansions of a glob. */
export function globsToRe2(expansions: readonly (readonly GlobSegment[])[], ignoreCase: boolean): string {
  const bodies = expansions.map(globBodyToRe2);
  const body = bodies.length === 1 ? (bodies[0] as string) : `(?:${bodies.join('|')})`;
  return `${ignoreCase ? '(?i)' : ''}^${body}$`;
}

function jsToken(token: GlobToken): string {
  switch (token.kind) {
    case 'literal':
      return token.text.replace(/[\\.+*?()|[\]{}^$/]/g, (c) => `\\${c}`);
    case 'star':
      return '[^/]*';
    case 'any':
      return '[^/]';
    case 'class':
      return classRegex(token.negated, token.ranges, (cp) => `\\u{${cp.toString(16)}}`);
  }
}

/** A JS RegExp matching exactly one whole segment against a segment pattern's tokens. */
export function segmentRegExp(tokens: readonly GlobToken[]): RegExp {
  return new RegExp(`^${tokens.map(jsToken).join('')}$`, 'u');
}
