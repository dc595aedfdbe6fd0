// The parsed form of one brace-free glob: segments between `/`.

/** A code point range inside a `[...]` class (a single character is from === to). */
export interface ClassRange {
  readonly from: number;
  readonly to: number;
}

export type GlobToken =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'star' } // `*`: zero or more characters, never `/`
  | { readonly kind: 'any' } // `?`: one character, never `/`
  | { readonly kind: 'class'; readonly negated: boolean; readonly ranges: readonly ClassRange[] };

export type GlobSegment =
  | { readonly kind: 'globstar' } // a whole segment `**`: zero or more whole segments
  | { readonly kind: 'pattern'; readonly tokens: readonly GlobToken[] };
