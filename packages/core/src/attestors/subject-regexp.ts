import { RE2JS, RE2JSSyntaxException } from 're2js';

/** One thing wrong with a subjectRegExp, found at load. */
export interface SubjectRegExpProblem {
  readonly code:
    | 'regexp_invalid'
    | 'regexp_not_anchored'
    | 'regexp_top_level_alternation'
    | 'regexp_inline_flags'
    | 'regexp_unescaped_dot'
    | 'regexp_ref_not_literal';
  readonly message: string;
}

const META = new Set(['\\', '.', '+', '*', '?', '(', ')', '[', ']', '{', '}', '|', '^', '$']);

/** Escapes a string so that a RegExp (or RE2) matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

// The subjectRegExp is matched by cosign (Go RE2, unanchored) in the cluster and by the
// TypeScript verifier. Both must accept exactly the same identities, so the pattern has to be
// anchored on its own, and the usual ways a "looks anchored" pattern is not are refused:
// `^a|b$` (each anchor binds one branch), inline flags such as (?m) (which let `$` match
// before a newline), an unescaped `.` (it crosses `/` and `@`), and a ref that is not literal
// (`@.+` accepts any ref an agent can push).
export function checkSubjectRegExp(pattern: string): SubjectRegExpProblem[] {
  const problems: SubjectRegExpProblem[] = [];
  try {
    RE2JS.compile(pattern);
  } catch (e) {
    const why = e instanceof RE2JSSyntaxException ? e.message : String(e);
    return [{ code: 'regexp_invalid', message: `not a valid RE2 regular expression: ${why}` }];
  }
  const scan = scanPattern(pattern);
  if (!scan.inlineFlags) {
    // The TypeScript verifier runs the same pattern in JavaScript too.
    try {
      new RegExp(pattern);
    } catch (e) {
      return [{ code: 'regexp_invalid', message: `JavaScript cannot compile it: ${(e as Error).message}` }];
    }
  }
  if (!pattern.startsWith('^') || !scan.endsWithAnchor) {
    problems.push({
      code: 'regexp_not_anchored',
      message: 'must be anchored as ^...$: cosign matches subjectRegExp unanchored',
    });
  }
  if (scan.topLevelAlternation) {
    problems.push({
      code: 'regexp_top_level_alternation',
      message: "a top-level '|' leaves each branch half-anchored: write ^(?:a|b)$",
    });
  }
  if (scan.inlineFlags) {
    problems.push({
      code: 'regexp_inline_flags',
      message: 'inline flags and named groups ((?m), (?i), (?P<x>...)) are not allowed; use (?:...)',
    });
  }
  if (scan.unescapedDot) {
    problems.push({
      code: 'regexp_unescaped_dot',
      message: "an unescaped '.' matches any character, '/' and '@' included: escape it (\\.) or use [^/]",
    });
  }
  if (scan.refStart >= 0 && scan.endsWithAnchor && !isLiteral(pattern.slice(scan.refStart, -1))) {
    problems.push({
      code: 'regexp_ref_not_literal',
      message:
        "the part after '@' (the git ref, or an e-mail's domain) must be literal, e.g. @refs/heads/main",
    });
  }
  return problems;
}

interface Scan {
  readonly endsWithAnchor: boolean;
  readonly topLevelAlternation: boolean;
  readonly inlineFlags: boolean;
  readonly unescapedDot: boolean;
  /** Index just after the last '@' outside a character class, or -1. */
  readonly refStart: number;
}

function scanPattern(p: string): Scan {
  let depth = 0;
  let inClass = false;
  let topLevelAlternation = false;
  let inlineFlags = false;
  let unescapedDot = false;
  let refStart = -1;
  let lastWasUnescapedDollar = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    lastWasUnescapedDollar = false;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    switch (c) {
      case '[':
        inClass = true;
        // A ']' right after '[' or '[^' is a literal member, not the end of the class.
        if (p[i + 1] === '^') i++;
        if (p[i + 1] === ']') i++;
        break;
      case '(':
        depth++;
        if (p[i + 1] === '?' && p[i + 2] !== ':') inlineFlags = true;
        break;
      case ')':
        depth--;
        break;
      case '|':
        if (depth === 0) topLevelAlternation = true;
        break;
      case '.':
        unescapedDot = true;
        break;
      case '@':
        refStart = i + 1;
        break;
      case '$':
        lastWasUnescapedDollar = i === p.length - 1;
        break;
    }
  }
  return { endsWithAnchor: lastWasUnescapedDollar, topLevelAlternation, inlineFlags, unescapedDot, refStart };
}

// Literal: ordinary characters, or a backslash before punctuation (`\.`, `\/`, `\-`).
// `\d`, `\w` and other letter escapes are classes, not literals.
function isLiteral(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return false;
      i++;
      continue;
    }
    if (META.has(c)) return false;
  }
  return true;
}
