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
// regex stays the reference: case-insensitive globs are tested with their RE2 regex, so that
// case folding is exactly RE2's, as in the Rego engine.

class State {
  readonly literal = new Map<string, State>();
  readonly suffix = new Map<string, State>(); // segment pattern `*lit`, keyed by lit
  readonly suffixLengths = new Set<number>();
  readonly prefix = new Map<string, State>(); // segment pattern `lit*`, keyed by lit
  readonly prefixLengths = new Set<number>();
  anySegment: State | null = null; // segment pattern `*`
  readonly wild = new Map<string, { readonly re: RegExp; readonly next: State }>();
  globstar: State | null = null; // the state inside a `**`
  readonly accepts: number[] = [];
  mark = 0;
  constructor(readonly isGlobstar: boolean) {}
}

function tokenKey(tokens: readonly GlobToken[]): string {
  return JSON.stringify(tokens);
}

export class GlobSet {
  private readonly root = new State(false);
  private readonly folded: Array<{ readonly id: number; readonly re: RE2JS }> = [];
  private generation = 0;
  private size = 0;
  private seen = new Uint32Array(16);
  private seenGeneration = 0;

  /** Adds a compiled glob under `id` (a small non-negative integer chosen by the caller). */
  add(id: number, glob: CompiledGlob): void {
    this.size = Math.max(this.size, id + 1);
    if (glob.ignoreCase) {
      this.folded.push({ id, re: RE2JS.compile(glob.regex) });
      return;
    }
    for (const expansion of glob.expansions) this.insert(id, expansion);
  }

  private insert(id: number, segments: readonly GlobSegment[]): void {
    let state = this.root;
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
      entry = { re: segmentRegExp(tokens), next: new State(false) };
      state.wild.set(key, entry);
    }
    return entry.next;
  }

  /** The ids of every glob that matches the normalised path, each once, unordered. */
  match(path: string): number[] {
    const gen = ++this.generation;
    let active: State[] = [];
    this.enter(this.root, active, gen);
    for (const segment of path.split('/')) {
      const next: State[] = [];
      const nextGen = ++this.generation;
      for (const state of active) this.step(state, segment, next, nextGen);
      active = next;
      if (active.length === 0) break;
    }
    const out: number[] = [];
    if (this.seen.length < this.size) this.seen = new Uint32Array(this.size * 2);
    const mark = ++this.seenGeneration;
    for (const state of active) {
      for (const id of state.accepts) {
        if (this.seen[id] !== mark) {
          this.seen[id] = mark;
          out.push(id);
        }
      }
    }
    for (const { id, re } of this.folded) {
      if (this.seen[id] !== mark && re.matches(path)) {
        this.seen[id] = mark;
        out.push(id);
      }
    }
    return out;
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
    for (const { re, next } of state.wild.values()) if (re.test(segment)) this.enter(next, into, gen);
  }
}
