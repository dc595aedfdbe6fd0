import { RE2JS } from 're2js';
import { describe, expect, test } from 'vitest';
import { compileGlob } from './compile-glob.js';
import { segmentRegExp } from './glob-regex.js';
import { parseGlob } from './parse-glob.js';

// A `[...]` class of several ranges and single characters matches exactly its characters (or,
// negated, exactly the others), both in the RE2 regex Rego runs and in the segment regex the
// GlobSet runs: nothing between, around or instead of its ranges.

const CANDIDATES = [...'abcdwxyzS! -_.0', '\u{1F600}'];

function byRe2(glob: string): (c: string) => boolean {
  const re = RE2JS.compile(compileGlob(glob).regex);
  return (c) => re.matches(c);
}

function bySegment(glob: string): (c: string) => boolean {
  const [segment] = parseGlob(glob);
  if (segment?.kind !== 'pattern') throw new Error(`${glob} is not one segment pattern`);
  const re = segmentRegExp(segment.tokens);
  return (c) => re.test(c);
}

describe('a class of several ranges', () => {
  test.each([
    ['[a-cx]', 'abcx'],
    ['[xa-c]', 'abcx'],
    ['[x-z\u{1F600}]', 'xyz\u{1F600}'],
    ['[!a-cx]', 'dwyzS! -_.0\u{1F600}'],
    ['[^_\u{1F600}a]', 'bcdwxyzS! -.0'],
  ])('%s matches exactly %j', (glob, members) => {
    const expected = CANDIDATES.filter((c) => members.includes(c));
    expect(CANDIDATES.filter(byRe2(glob))).toEqual(expected);
    expect(CANDIDATES.filter(bySegment(glob))).toEqual(expected);
  });
});
