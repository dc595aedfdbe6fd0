import { describe, expect, test } from 'vitest';
import { GlobSyntaxError } from './glob-error.js';
import { parseGlob } from './parse-glob.js';

// A policy author reads the refusal, not the parser: each malformed glob is refused with the
// reason that names its own mistake, never with a later check's reason that it happens to trip
// (an empty glob is one empty segment too, but "cannot be empty" is what the author did).

function refusalOf(glob: string): string {
  try {
    parseGlob(glob);
  } catch (e) {
    if (!(e instanceof GlobSyntaxError)) throw e;
    return e.message;
  }
  throw new Error(`${JSON.stringify(glob)} was accepted`);
}

describe('each malformed glob is refused with its own reason', () => {
  test.each([
    ['', 'a glob cannot be empty'],
    ['a\u0000b', 'a glob cannot contain NUL'],
    ['\u0000', 'a glob cannot contain NUL'],
    ['/src/**', 'globs match relative paths: remove the leading "/"'],
    ['/', 'globs match relative paths: remove the leading "/"'],
    ['src/', 'empty segment ("//" or a trailing "/"): write "dir/**" for a folder'],
    ['src//a', 'empty segment ("//" or a trailing "/"): write "dir/**" for a folder'],
    ['a[/]b', 'a "[...]" class cannot contain "/"'],
    ['a/[!/]', 'a "[...]" class cannot contain "/"'],
    ['[a-/]', 'a "[...]" class cannot contain "/"'],
    ['src/../a', '".." segments never occur in normalised paths'],
    ['./a', '"." segments never occur in normalised paths'],
  ])('%j: %s', (glob, reason) => {
    expect(refusalOf(glob)).toBe(reason);
  });
});

describe('a backslash inside a class escapes the next character', () => {
  const classOf = (glob: string) => {
    const [segment, ...rest] = parseGlob(glob);
    expect(rest).toEqual([]);
    if (segment?.kind !== 'pattern') throw new Error(`${glob} is not one segment pattern`);
    const [token, ...others] = segment.tokens;
    expect(others).toEqual([]);
    return token;
  };
  const cp = (c: string) => c.codePointAt(0) as number;

  test('an escaped "]" first in the class is the class\'s one member', () => {
    expect(classOf('[\\]]')).toEqual({
      kind: 'class',
      negated: false,
      ranges: [{ from: cp(']'), to: cp(']') }],
    });
  });

  test('an escaped "-" is a member, not a range', () => {
    expect(classOf('[a\\-z]')).toEqual({
      kind: 'class',
      negated: false,
      ranges: [
        { from: cp('a'), to: cp('a') },
        { from: cp('-'), to: cp('-') },
        { from: cp('z'), to: cp('z') },
      ],
    });
  });

  test('an escaped character may start or end a range', () => {
    expect(classOf('[\\!-\\#]')).toEqual({
      kind: 'class',
      negated: false,
      ranges: [{ from: cp('!'), to: cp('#') }],
    });
    expect(classOf('[a-\\z]')).toEqual({
      kind: 'class',
      negated: false,
      ranges: [{ from: cp('a'), to: cp('z') }],
    });
    expect(classOf('[!\\]-\\}]')).toEqual({
      kind: 'class',
      negated: true,
      ranges: [{ from: cp(']'), to: cp('}') }],
    });
  });

  test('a range whose escaped end comes after its start is refused as reversed', () => {
    expect(refusalOf('[z-\\a]')).toBe('the class range "z-a" is reversed');
  });
});
