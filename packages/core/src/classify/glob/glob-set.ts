import { RE2JS } from 're2js';
import type { CompiledGlob } from './compile-glob.js';
import { segmentRegExp } from './glob-regex.js';
import type { GlobSegment, GlobToken } from './glob-syntax.types.js';

// A set of globs matched together: one walk of a path's segments answers which of thousands
// of globs match it, in time that depends on the path and on how many globs share its
// segments, not on how many globs there are (the compiled matcher of the issue, in the
// manner of ripgrep's globset: literal segments are hash lookups, `*.ext` and `name*`
// segments are suffix and prefix lookups, and only other wildcards are tested one by one).
//
// It is equivalent to testing each glob's RE2 regex (the property tests check that), and the
// regex stays the reference for case-insensitive globs. RE2's `(?i)` folds a few ASCII letters
// with non-ASCII ones (k with the Kelvin sign, s with the long s), so lowercasing is exact
// only when both the glob and the path are ASCII and the glob has no `[...]` class: such
// globs go into a second, lowercased trie, used for ASCII paths; every other case is tested
// with the glob's RE2 regex, exactly as Rego does.

// A segment pattern that is not a literal, `*`, `*lit` or `lit*`: tested with its regex, but
// only on segments that contain its longest literal (a cheap test that rejects most).
interface WildSegment {
  readonly re: RegExp;
  readonly required: string;
  readonly next: State;
}

class State {
  readonly literal = new Map<string, State>();
  readonly suffix = new Map<string, State>(); // segment pattern `*lit`, keyed by lit
  readonly suffixLengths = new Set<number>();
  readonly prefix = new Map<string, State>(); // segment pattern `lit*`, keyed by lit
  readonly prefixLengths = new Set<number>();
  anySegment: State | null = null; // segment pattern `*`
  readonly wild = new Map<string, WildSegment>();
  globstar: State | null = null; // the state inside a `**`
  readonly accepts: number[] = [];
  mark = 0;
  readonly isGlobstar: boolean;
  constructor(isGlobstar: boolean) {
    this.isGlobstar = isGlobstar;
  }
}

function tokenKey(tokens: readonly GlobToken[]): string {
  return JSON.stringify(tokens);
}

export class GlobSet {
  private readonly root = new State(false);
  /** Lowercased ASCII, class-free case-insensitive globs, for ASCII paths. */
  private readonly foldedRoot = new State(false);
  private hasFolded = false;
  /** Every case-insensitive glob's RE2 regex; `simple` ones are skipped for ASCII paths. */
  private readonly folded: Array<{ readonly id: number; readonly re: RE2JS; readonly simple: boolean }> = [];
  private generation = 0;
  private size = 0;
  private seen = new Uint32Array(16);
  private seenGeneration = 0;

  /** Adds a compiled glob under `id` (a small non-negative integer chosen by the caller). */
  add(id: number, glob: CompiledGlob): void {
    this.size = Math.max(this.size, id + 1);
    if (glob.ignoreCase) {
      const simple = isAsciiWithoutClasses(glob.glob);
      this.folded.push({ id, re: RE2JS.compile(glob.regex), simple });
      if (simple) {
        this.hasFolded = true;
        for (const expansion of glob.expansions) this.insert(this.foldedRoot, id, lowercase(expansion));
      }
      return;
    }
    for (const expansion of glob.expansions) this.insert(this.root, id, expansion);
  }

  private insert(root: State, id: number, segments: readonly GlobSegment[]): void {
    let state = root;
    for (const segment of segments) {
      if (segment.kind === 'globstar') {
        state.globstar ??= new State(true);
        state = state.globstar;
        continue;
      }
      state = this.child(state, segment.tokens);
    }
    if (!state.accepts.includes(id)) state.accepts.push(id);
  }

  private child(state: State, tokens: readonly GlobToken[]): State {
    const [first, second] = tokens;
    const only = tokens.length === 1 ? first : undefined;
    const getOrAdd = (map: Map<string, State>, key: string): State => {
      let next = map.get(key);
      if (!next) {
        next = new State(false);
        map.set(key, next);
      }
      return next;
    };
    if (only?.kind === 'literal') return getOrAdd(state.literal, only.text);
    if (only?.kind === 'star') {
      state.anySegment ??= new State(false);
      return state.anySegment;
    }
    if (tokens.length === 2 && first?.kind === 'star' && second?.kind === 'literal') {
      state.suffixLengths.add(second.text.length);
      return getOrAdd(state.suffix, second.text);
    }
    if (tokens.length === 2 && first?.kind === 'literal' && second?.kind === 'star') {
      state.prefixLengths.add(first.text.length);
      return getOrAdd(state.prefix, first.text);
    }
    const key = tokenKey(tokens);
    let entry = state.wild.get(key);
    if (!entry) {
      const literals = tokens.flatMap((t) => (t.kind === 'literal' ? [t.text] : []));
      const required = literals.reduce((a, b) => (b.length > a.length ? b : a), '');
      entry = { re: segmentRegExp(tokens), required, next: new State(false) };
      state.wild.set(key, entry);
    }
    return entry.next;
  }

  /** The ids of every glob that matches the normalised path, each once, unordered. */
  match(path: string): number[] {
    const out: number[] = [];
    if (this.seen.length < this.size) this.seen = new Uint32Array(this.size * 2);
    const mark = ++this.seenGeneration;
    const collect = (states: readonly State[]) => {
      for (const state of states) {
        for (const id of state.accepts) {
          if (this.seen[id] !== mark) {
            this.seen[id] = mark;
            out.push(id);
          }
        }
      }
    };
    collect(this.walk(this.root, path));
    const ascii = isAscii(path);
    if (ascii && this.hasFolded) collect(this.walk(this.foldedRoot, path.toLowerCase()));
    for (const { id, re, simple } of this.folded) {
      if ((simple && ascii) || this.seen[id] === mark) continue;
      if (re.matches(path)) {
        this.seen[id] = mark;
        out.push(id);
      }
    }
    return out;
  }

  // The states reached after every segment of the path, from `root`.
  private walk(root: State, path: string): State[] {
    let active: State[] = [];
    this.enter(root, active, ++this.generation);
    for (const segment of path.split('/')) {
      const next: State[] = [];
      const gen = ++this.generation;
      for (const state of active) this.step(state, segment, next, gen);
      active = next;
      if (active.length === 0) break;
    }
    return active;
  }

  // Adds a state and, through `**` (zero segments), the state inside it.
  private enter(state: State, into: State[], gen: number): void {
    if (state.mark === gen) return;
    state.mark = gen;
    into.push(state);
    if (state.globstar) this.enter(state.globstar, into, gen);
  }

  private step(state: State, segment: string, into: State[], gen: number): void {
    if (state.isGlobstar) this.enter(state, into, gen); // `**` consumes any segment
    const literal = state.literal.get(segment);
    if (literal) this.enter(literal, into, gen);
    if (state.anySegment) this.enter(state.anySegment, into, gen);
    for (const length of state.suffixLengths) {
      if (length > segment.length) continue;
      const next = state.suffix.get(segment.slice(segment.length - length));
      if (next) this.enter(next, into, gen);
    }
    for (const length of state.prefixLengths) {
      if (length > segment.length) continue;
      const next = state.prefix.get(segment.slice(0, length));
      if (next) this.enter(next, into, gen);
    }
    for (const { re, required, next } of state.wild.values()) {
      if (segment.includes(required) && re.test(segment)) this.enter(next, into, gen);
    }
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function isAsciiWithoutClasses(glob: string): boolean {
  return isAscii(glob) && !glob.includes('[');
}

function lowercase(segments: readonly GlobSegment[]): GlobSegment[] {
  return segments.map((segment) =>
    segment.kind === 'globstar'
      ? segment
      : {
          kind: 'pattern',
          tokens: segment.tokens.map((t) =>
            t.kind === 'literal' ? { kind: 'literal', text: t.text.toLowerCase() } : t,
          ),
        },
  );
}
