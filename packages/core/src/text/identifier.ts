import type { Issue } from '../issues.js';

// The one place for the text rules of identifiers: paths, agent names, task classes,
// approver and signer identities. A character a reviewer cannot see (zero-width, a
// bidirectional override, a control character) lets two different strings look the same on
// screen: `\u200b.github/workflows/release.yml` beside the real file, or `ops-e` beside
// `ops-\u200be` (the Trojan Source class of attack). Such text is refused, never cleaned,
// so the input says what it meant; everything else is compared in NFC.

export type IdentifierProblem = 'control' | 'bidi' | 'invisible' | 'invalid_unicode';

const CONTROL = /\p{Cc}/u;
// Bidirectional embeddings, overrides, isolates and marks.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// Format characters (zero-width space, joiners, word joiner, BOM, soft hyphen, ...), line and
// paragraph separators, and the letters that render as nothing (Hangul fillers, the
// combining grapheme joiner).
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]|\u034F/u;

const PROBLEM_TEXT: Record<IdentifierProblem, string> = {
  control: 'holds a control character',
  bidi: 'holds a bidirectional-override character (text that displays differently from what it is)',
  invisible: 'holds an invisible (zero-width or format) character',
  invalid_unicode: 'is not valid Unicode (a lone surrogate)',
};

/** What is wrong with an identifier's characters, or undefined when nothing is. */
export function identifierProblem(text: string): IdentifierProblem | undefined {
  if (!text.isWellFormed()) return 'invalid_unicode';
  if (CONTROL.test(text)) return 'control';
  if (BIDI.test(text)) return 'bidi';
  if (INVISIBLE.test(text)) return 'invisible';
  return undefined;
}

export function describeIdentifierProblem(problem: IdentifierProblem): string {
  return PROBLEM_TEXT[problem];
}

/** The issues of one identifier at a JSON pointer (empty when it is clean). */
export function identifierIssues(text: string, path: string): Issue[] {
  const problem = identifierProblem(text);
  return problem === undefined
    ? []
    : [{ code: `identifier_${problem}`, path, message: describeIdentifierProblem(problem) }];
}

/** NFC: the one form every identifier is compared and stored in. */
export function normaliseIdentifier(text: string): string {
  return text.normalize('NFC');
}

// Case folding for names: upper- then lower-casing folds more pairs than lower-casing alone
// (ß and SS, the Greek final sigma), and folding too much only makes two names the same,
// which for "is this name an agent?" errs towards "agent".
/** The key agent names are compared by: NFC, then case-folded. */
export function nameKey(text: string): string {
  return text.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC');
}

/** Whether two agent names are the same name after NFC and case folding. */
export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}
