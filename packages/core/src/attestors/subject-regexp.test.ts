import { describe, expect, test } from 'vitest';
import { checkSubjectRegExp, escapeRegExp } from './subject-regexp.js';

const codes = (pattern: string) => checkSubjectRegExp(pattern).map((p) => p.code);

describe('checkSubjectRegExp', () => {
  test('accepts an anchored pattern with escaped dots, a [^/] segment and a literal ref', () => {
    expect(
      codes('^https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/heads/main$'),
    ).toEqual([]);
    expect(
      codes('^https://github\\.com/acme/(?:api|web)/\\.github/workflows/release\\.yml@refs/heads/main$'),
    ).toEqual([]);
  });

  test('refuses a pattern that is not anchored at both ends', () => {
    expect(codes('https://github\\.com/acme/x@refs/heads/main$')).toEqual(['regexp_not_anchored']);
    expect(codes('^https://github\\.com/acme/x@refs/heads/main')).toEqual(['regexp_not_anchored']);
    expect(codes('^https://github\\.com/acme/x@refs/heads/main\\$')).toEqual(['regexp_not_anchored']);
    expect(codes('^(?:https://github\\.com/acme/x@refs/heads/main$)')).toEqual(['regexp_not_anchored']);
  });

  test('refuses a top-level alternation, which leaves each branch half-anchored', () => {
    expect(codes('^a@refs/heads/main|b@refs/heads/main$')).toEqual(['regexp_top_level_alternation']);
    expect(codes('^[|]@refs/heads/main$')).toEqual([]);
    expect(codes('^\\|@refs/heads/main$')).toEqual([]);
  });

  test('refuses inline flags and named groups', () => {
    expect(codes('^(?i)abc@refs/heads/main$')).toEqual(['regexp_inline_flags']);
    expect(codes('^(?P<x>abc)@refs/heads/main$')).toEqual(['regexp_inline_flags']);
  });

  test("refuses an unescaped '.' outside a class, accepts it escaped or inside one", () => {
    expect(codes('^https://github\\.com/acme/.+@refs/heads/main$')).toEqual(['regexp_unescaped_dot']);
    expect(codes('^https://github\\.com/acme/[.a-z]+@refs/heads/main$')).toEqual([]);
  });

  test("refuses a ref after '@' that is not literal", () => {
    expect(codes('^https://github\\.com/acme/x@refs/heads/[^/]+$')).toEqual(['regexp_ref_not_literal']);
    expect(codes('^https://github\\.com/acme/x@refs/tags/v\\d+$')).toEqual(['regexp_ref_not_literal']);
    expect(codes('^https://github\\.com/acme/x@refs/heads/release\\-1$')).toEqual([]);
  });

  test('refuses what RE2 cannot compile, such as lookahead and backreferences', () => {
    expect(codes('^(?=a)a@refs/heads/main$')).toEqual(['regexp_invalid']);
    expect(codes('^(a)\\1@refs/heads/main$')).toEqual(['regexp_invalid']);
    expect(codes('^[a@refs/heads/main$')).toEqual(['regexp_invalid']);
  });
});

describe('escapeRegExp', () => {
  test('escapes every metacharacter so the text matches itself only', () => {
    const text = 'a.b*c+d?e(f)g[h]i{j}k|l^m$n\\o';
    expect(new RegExp(`^${escapeRegExp(text)}$`).test(text)).toBe(true);
    expect(new RegExp(`^${escapeRegExp(text)}$`).test(text.replace('.', 'X'))).toBe(false);
  });
});
