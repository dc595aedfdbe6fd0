import { GlobSyntaxError } from './glob-error.js';

/** Most globs one brace pattern may expand to; `{a,b}{c,d}...` grows exponentially. */
export const MAX_BRACE_EXPANSIONS = 256;

// Expands `{a,b}` alternation (nested allowed, `\` escapes, `[...]` classes left alone)
// into brace-free globs. Expanding first keeps every later step segment-based, even for a
// brace that spans `/` (`{src/a,lib}/**`).
export function expandBraces(glob: string): string[] {
  // Not nested, parseSequence reads the whole glob: a stray "}" throws, a "," is a character.
  const [alternatives] = parseSequence(glob, 0, false);
  return [...new Set(alternatives)];
}

// Returns the expansions of glob[start..] up to an unmatched `,` or `}` (when nested) and
// the offset where it stopped.
function parseSequence(glob: string, start: number, nested: boolean): [string[], number] {
  let results = [''];
  let i = start;
  while (i < glob.length) {
    const c = glob[i] as string;
    if (c === '\\') {
      if (i + 1 >= glob.length) throw new GlobSyntaxError('a glob cannot end with "\\"');
      results = append(results, glob.slice(i, i + 2));
      i += 2;
    } else if (c === '[') {
      const close = classEnd(glob, i);
      results = append(results, glob.slice(i, close + 1));
      i = close + 1;
    } else if (c === '{') {
      const options: string[] = [];
      let j = i + 1;
      for (;;) {
        const [alts, stop] = parseSequence(glob, j, true);
        options.push(...alts);
        if (stop >= glob.length) throw new GlobSyntaxError(`unclosed "{" at offset ${i}`);
        if (glob[stop] === '}') {
          j = stop + 1;
          break;
        }
        j = stop + 1; // a ","
      }
      const next: string[] = [];
      for (const r of results) for (const o of options) next.push(r + o);
      if (next.length > MAX_BRACE_EXPANSIONS) {
        throw new GlobSyntaxError(`braces expand to more than ${MAX_BRACE_EXPANSIONS} globs`);
      }
      results = next;
      i = j;
    } else if (c === '}' || c === ',') {
      if (nested) return [results, i];
      if (c === '}') throw new GlobSyntaxError(`unmatched "}" at offset ${i}`);
      results = append(results, c);
      i++;
    } else {
      results = append(results, c);
      i++;
    }
  }
  return [results, i];
}

function append(results: string[], text: string): string[] {
  return results.map((r) => r + text);
}

/** Offset of the `]` closing the class that opens at `open` (a leading `]` is literal). */
export function classEnd(glob: string, open: number): number {
  let i = open + 1;
  if (glob[i] === '!' || glob[i] === '^') i++;
  if (glob[i] === ']') i++;
  // Read to the first unescaped `]`; past the end a read is undefined, so no bound check (and
  // no off-by-one in one) is needed: an escape as the last character steps past it too.
  for (;;) {
    const c = glob[i];
    if (c === undefined) throw new GlobSyntaxError(`unclosed "[" at offset ${open}`);
    if (c === ']') return i;
    i += c === '\\' ? 2 : 1;
  }
}
