import { classEnd } from './expand-braces.js';
import { GlobSyntaxError } from './glob-error.js';
import type { ClassRange, GlobSegment, GlobToken } from './glob-syntax.types.js';

// Parses one brace-free glob into segments. Globs are matched against normalised paths,
// which are relative, never contain empty, `.` or `..` segments: a glob that could only
// match something else is a mistake, and is refused with the reason.
export function parseGlob(glob: string): GlobSegment[] {
  if (glob.length === 0) throw new GlobSyntaxError('a glob cannot be empty');
  if (glob.includes('\u0000')) throw new GlobSyntaxError('a glob cannot contain NUL');
  if (glob.startsWith('/')) throw new GlobSyntaxError('globs match relative paths: remove the leading "/"');
  const raw = splitSegments(glob);
  const segments: GlobSegment[] = [];
  for (const text of raw) {
    if (text === '')
      throw new GlobSyntaxError('empty segment ("//" or a trailing "/"): write "dir/**" for a folder');
    if (text === '.' || text === '..')
      throw new GlobSyntaxError(`"${text}" segments never occur in normalised paths`);
    if (text === '**') {
      // `**/**` is `**`: collapsing keeps the regex and the matcher simple.
      if (segments.at(-1)?.kind !== 'globstar') segments.push({ kind: 'globstar' });
      continue;
    }
    segments.push({ kind: 'pattern', tokens: parseSegment(text) });
  }
  return segments;
}

// Splits on `/` outside classes and escapes.
function splitSegments(glob: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '\\') {
      current += glob.slice(i, i + 2);
      i++;
    } else if (c === '[') {
      const close = classEnd(glob, i);
      const body = glob.slice(i, close + 1);
      if (body.slice(1, -1).includes('/')) throw new GlobSyntaxError('a "[...]" class cannot contain "/"');
      current += body;
      i = close;
    } else if (c === '/') {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

function parseSegment(text: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  const pushLiteral = (s: string) => {
    const last = tokens.at(-1);
    if (last?.kind === 'literal') tokens[tokens.length - 1] = { kind: 'literal', text: last.text + s };
    else tokens.push({ kind: 'literal', text: s });
  };
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === '\\') {
      const next = chars[i + 1];
      if (next === undefined) throw new GlobSyntaxError('a glob cannot end with "\\"');
      if (next === '/') throw new GlobSyntaxError('"\\/" is not allowed: "/" always separates segments');
      pushLiteral(next);
      i++;
    } else if (c === '*') {
      // `**` inside a segment (`a**b`) is two stars: the same as one.
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') {
      tokens.push({ kind: 'any' });
    } else if (c === '[') {
      const [token, next] = parseClass(chars, i);
      tokens.push(token);
      i = next;
    } else if (c === ']' || c === '{' || c === '}') {
      throw new GlobSyntaxError(`unescaped "${c}"`);
    } else {
      pushLiteral(c);
    }
  }
  return tokens;
}

// Parses `[...]` starting at chars[open]; returns the token and the index of its `]`.
function parseClass(chars: readonly string[], open: number): [GlobToken, number] {
  let i = open + 1;
  let negated = false;
  if (chars[i] === '!' || chars[i] === '^') {
    negated = true;
    i++;
  }
  const ranges: ClassRange[] = [];
  let first = true;
  while (i < chars.length && (chars[i] !== ']' || first)) {
    first = false;
    let from = chars[i] as string;
    if (from === '\\') {
      i++;
      from = chars[i] ?? '';
    }
    let to = from;
    if (chars[i + 1] === '-' && chars[i + 2] !== undefined && chars[i + 2] !== ']') {
      i += 2;
      to = chars[i] as string;
      if (to === '\\') {
        i++;
        to = chars[i] ?? '';
      }
    }
    const lo = from.codePointAt(0);
    const hi = to.codePointAt(0);
    if (lo === undefined || hi === undefined) throw new GlobSyntaxError('unclosed "["');
    if (lo > hi) throw new GlobSyntaxError(`the class range "${from}-${to}" is reversed`);
    ranges.push({ from: lo, to: hi });
    i++;
  }
  if (i >= chars.length) throw new GlobSyntaxError('unclosed "["');
  if (ranges.length === 0) throw new GlobSyntaxError('empty "[]" class');
  return [{ kind: 'class', negated, ranges }, i];
}
