import { RE2JS } from 're2js';
import { AffixTrie } from './affix-trie.js';
import type { CompiledGlob } from './compile-glob.js';
import { segmentRegExp } from './glob-regex.js';
import type { GlobSegment, GlobToken } from './glob-syntax.types.js';
import { LiteralPrefilter, type PrefilterData } from './literal-prefilter.js';

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
//
// Speed (issue 16): a `matcher()` remembers the states reached after each directory, so the
// files of one change that share a directory only walk their file name; states that cannot
// consume another segment are dropped before the last one; and the wildcard segment
// patterns of a state are first filtered by their required literal, all in one pass
// (LiteralPrefilter). The property tests check each against the plain walk and the regexes.

// A segment pattern that is not a literal, `*`, `*lit` or `lit*`: tested with its regex, but
// only on segments that contain its longest literal (a cheap test that rejects most).
export interface WildSegment {
  readonly re: RegExp;
  readonly required: string;
  readonly next: State;
  /** The scan that last tested it, so that a literal reported twice tests it once. */
  tested: number;
}

export class State {
  readonly literal = new Map<string, State>();
  readonly suffix = new Map<string, State>(); // segment pattern `*lit`, keyed by lit
  readonly prefix = new Map<string, State>(); // segment pattern `lit*`, keyed by lit
  anySegment: State | null = null; // segment pattern `*`
  readonly wild = new Map<string, WildSegment>();
  globstar: State | null = null; // the state inside a `**`
  readonly accepts: number[] = [];
  mark = 0;
  readonly isGlobstar: boolean;
  /**
   * A state restored from a snapshot (glob-set-snapshot.ts) builds its edges when first
   * entered: a small change reaches a few of the default policy's 1,700 states.
   */
  expand: ((state: State) => void) | null = null;
  // Derived by `seal`, after the last `add` (a restored state has it from its snapshot):
  /** Whether the state can consume another segment (else it only matters at a path's end). */
  live = false;
  /** For the last segment: every child. Before it: only the live ones (`inner`). */
  readonly last = new Step();
  readonly inner = new Step();
  /** Whether `last` and `inner` are filled: on the state's first step, not at `seal`. */
  filled = false;
  /** A restored state's prefilters, as its snapshot shipped them: `fill` uses them, not building its own. */
  prefilters: Prefilters | null = null;
  constructor(isGlobstar: boolean) {
    this.isGlobstar = isGlobstar;
  }
}

/** The state, with its edges built if it was restored lazily. */
export function expanded(state: State): State {
  const expand = state.expand;
  if (expand !== null) {
    state.expand = null;
    expand(state);
  }
  return state;
}

// The affix and wildcard children of a state, arranged for one kind of step.
class Step {
  suffix: AffixTrie<State> | null = null;
  prefix: AffixTrie<State> | null = null;
  wild: WildSegment[] = [];
  prefilter: LiteralPrefilter | null = null;

  fill(state: State, keep: (next: State) => boolean, prefilter: PrefilterData | null): void {
    const trie = (map: Map<string, State>, fromEnd: boolean) => {
      const entries = [...map].filter(([, next]) => keep(next));
      return entries.length === 0 ? null : new AffixTrie(entries, fromEnd);
    };
    this.suffix = trie(state.suffix, true);
    this.prefix = trie(state.prefix, false);
    this.wild = [...state.wild.values()].filter((w) => keep(w.next));
    this.prefilter =
      this.wild.length >= PREFILTER_MIN
        ? new LiteralPrefilter(prefilter ?? this.wild.map((w) => w.required))
        : null;
  }
}

/** The literal prefilters of a state's two kinds of step, as data (null: the step has none). */
export interface Prefilters {
  readonly last: PrefilterData | null;
  readonly inner: PrefilterData | null;
}

/** The prefilters a state's steps build (glob-set-snapshot.ts ships them); its children's `live` must be derived. */
export function prefiltersOf(state: State): Prefilters {
  const last = new Step();
  last.fill(state, () => true, null);
  const inner = new Step();
  inner.fill(state, (next) => next.live, null);
  return { last: last.prefilter?.data() ?? null, inner: inner.prefilter?.data() ?? null };
}

// Below this many wildcard patterns a state tests each required literal with `includes`.
const PREFILTER_MIN = 4;

function tokenKey(tokens: readonly GlobToken[]): string {
  return JSON.stringify(tokens);
}

/** Matches many paths against one GlobSet, remembering the states of each directory. */
export interface GlobMatcher {
  /** The ids of every glob that matches the normalised path, each once, unordered. */
  match(path: string): number[];
}

/** A case-insensitive glob's RE2 regex (see GlobSet.folded). */
export interface FoldedGlob {
  readonly id: number;
  readonly regex: string;
  re: RE2JS | null;
  readonly simple: boolean;
}

/** What a GlobSet is made of: its tries and folded regexes (glob-set-snapshot.ts writes them out). */
export interface GlobSetParts {
  readonly root: State;
  readonly foldedRoot: State;
  readonly folded: FoldedGlob[];
  readonly size: number;
}

export class GlobSet {
  private readonly root: State;
  /** Lowercased ASCII, class-free case-insensitive globs, for ASCII paths. */
  private readonly foldedRoot: State;
  private hasFolded: boolean;
  /**
   * Every case-insensitive glob's RE2 regex, compiled on first use: `simple` ones are skipped
   * for ASCII paths (compiling them all was most of a cold start's RE2 time).
   */
  private readonly folded: FoldedGlob[];
  private generation = 0;
  private scanGeneration = 0;
  private size: number;
  /** Per id, the match that last reported it (`seenGeneration`), so each id is returned once. */
  private seen: Uint32Array;
  private seenGeneration = 0;
  private stepsTaken = 0;
  /** How many globs were added: a matcher made before the last `add` refuses to match. */
  private adds = 0;
  // Whether every state's `live` is derived: true for an empty set (nothing to derive) and for
  // a restored one (its snapshot has it, and sealing would expand every lazy state); an `add` clears it.
  private sealed = true;
  private readonly hits: number[] = [];
  private readonly affixed: State[] = [];
  private readonly lastStates: State[] = [];

  /**
   * An empty set, or (glob-set-snapshot.ts) one made of restored parts, whose states already
   * know whether they are `live`: such a set is sealed until the next `add`.
   */
  constructor(parts?: GlobSetParts) {
    this.root = parts?.root ?? new State(false);
    this.foldedRoot = parts?.foldedRoot ?? new State(false);
    this.folded = parts?.folded ?? [];
    this.size = parts?.size ?? 0;
    this.hasFolded = this.folded.some((f) => f.simple);
    this.seen = new Uint32Array(this.size);
  }

  /**
   * How many times a state has stepped over a path segment, by every matcher of this set: the
   * work a walk does, which the directory memo and the dropping of dead states save.
   */
  get steps(): number {
    return this.stepsTaken;
  }

  /** The set's parts, sealed (every state's `live` derived), for glob-set-snapshot.ts. @internal */
  parts(): GlobSetParts {
    this.seal();
    return { root: this.root, foldedRoot: this.foldedRoot, folded: this.folded, size: this.size };
  }

  /** Adds a compiled glob under `id` (a small non-negative integer chosen by the caller). */
  add(id: number, glob: CompiledGlob): void {
    this.sealed = false;
    this.adds++;
    this.size = Math.max(this.size, id + 1);
    if (glob.ignoreCase) {
      const simple = isAsciiWithoutClasses(glob.glob);
      this.folded.push({ id, regex: glob.regex, re: null, simple });
      if (simple) {
        this.hasFolded = true;
        for (const expansion of glob.expansions) this.insert(this.foldedRoot, id, lowercase(expansion));
      }
      return;
    }
    for (const expansion of glob.expansions) this.insert(this.root, id, expansion);
  }

  private insert(root: State, id: number, segments: readonly GlobSegment[]): void {
    let state = expanded(root);
    for (const segment of segments) {
      if (segment.kind === 'globstar') {
        state.globstar ??= new State(true);
        state = expanded(state.globstar);
        continue;
      }
      state = expanded(this.child(state, segment.tokens));
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
      return getOrAdd(state.suffix, second.text);
    }
    if (tokens.length === 2 && first?.kind === 'literal' && second?.kind === 'star') {
      return getOrAdd(state.prefix, first.text);
    }
    const key = tokenKey(tokens);
    let entry = state.wild.get(key);
    if (!entry) {
      const literals = tokens.flatMap((t) => (t.kind === 'literal' ? [t.text] : []));
      const required = literals.reduce((a, b) => (b.length > a.length ? b : a), '');
      entry = { re: segmentRegExp(tokens), required, next: new State(false), tested: 0 };
      state.wild.set(key, entry);
    }
    return entry.next;
  }

  // Derives each state's liveness once the globs are all added. The lists and the literal
  // prefilter of a state are built on its first step (`fill`): a small change reaches few
  // states, and building every state's was a tenth of a CLI cold start. Liveness depends only
  // on a state's own edges, so a state can be filled whenever its children's is known.
  private seal(): void {
    if (this.sealed) return;
    const order: State[] = [];
    const stack = [this.root, this.foldedRoot];
    while (stack.length > 0) {
      const state = expanded(stack.pop() as State);
      order.push(state);
      stack.push(...state.literal.values(), ...state.suffix.values(), ...state.prefix.values());
      for (const w of state.wild.values()) stack.push(w.next);
      if (state.anySegment) stack.push(state.anySegment);
      if (state.globstar) stack.push(state.globstar);
    }
    for (const state of order) {
      state.live =
        state.isGlobstar ||
        state.globstar !== null ||
        state.anySegment !== null ||
        state.literal.size + state.suffix.size + state.prefix.size + state.wild.size > 0;
    }
    for (const state of order) {
      state.filled = false;
      state.prefilters = null; // the edges may have changed since they were built
    }
    this.seen = new Uint32Array(this.size);
    this.sealed = true;
  }

  /** The ids of every glob that matches the normalised path, each once, unordered. */
  match(path: string): number[] {
    return this.matcher().match(path);
  }

  /**
   * A matcher for one batch of paths (one change): it remembers the states reached after each
   * directory, so paths sharing a directory walk only what follows it. Discard it after the
   * batch; it holds one entry per distinct directory prefix, and it refuses to match once a
   * glob is added to the set. `memo: false` walks every path from the root (the plain walk
   * the memo is tested against).
   */
  matcher(options: { readonly memo?: boolean } = {}): GlobMatcher {
    this.seal();
    const adds = this.adds;
    const memo = options.memo !== false;
    const dirs = new Map<string, State[]>();
    const foldedDirs = new Map<string, State[]>();
    return {
      match: (path: string): number[] => {
        // Its memo holds states of the set as it was: after an `add` they are not the set's.
        if (this.adds !== adds) throw new Error('GlobSet: a glob was added after this matcher was made');
        const out: number[] = [];
        const mark = ++this.seenGeneration;
        this.collect(this.root, memo ? dirs : null, path, out, mark);
        const ascii = isAscii(path);
        if (ascii && this.hasFolded)
          this.collect(this.foldedRoot, memo ? foldedDirs : null, path.toLowerCase(), out, mark);
        for (const entry of this.folded) {
          const { id, simple } = entry;
          if ((simple && ascii) || this.seen[id] === mark) continue;
          entry.re ??= RE2JS.compile(entry.regex);
          if (entry.re.matches(path)) {
            this.seen[id] = mark;
            out.push(id);
          }
        }
        return out;
      },
    };
  }

  // Adds to `out` the ids accepted at the end of the path, each once (by `this.seen`).
  private collect(
    root: State,
    dirs: Map<string, State[]> | null,
    path: string,
    out: number[],
    mark: number,
  ): void {
    const slash = path.lastIndexOf('/');
    const before = slash < 0 ? this.initial(root) : this.dirStates(root, dirs, path.slice(0, slash));
    const last = this.lastStates;
    last.length = 0;
    const gen = ++this.generation;
    const name = path.slice(slash + 1);
    for (const state of before) this.step(state, name, last, gen, true);
    for (const state of last) {
      for (const id of state.accepts) {
        if (this.seen[id] !== mark) {
          this.seen[id] = mark;
          out.push(id);
        }
      }
    }
  }

  private initial(root: State): State[] {
    const states: State[] = [];
    this.enter(root, states, ++this.generation, false);
    return states;
  }

  // The live states after every segment of `dir` (one or more segments), from `root`: from
  // the longest prefix already in `dirs`, stepping one segment at a time and remembering each.
  private dirStates(root: State, dirs: Map<string, State[]> | null, dir: string): State[] {
    const pending: number[] = [];
    let end = dir.length;
    let states: State[] | undefined;
    for (;;) {
      states = dirs?.get(dir.slice(0, end));
      if (states !== undefined) break;
      pending.push(end);
      const slash = end === 0 ? -1 : dir.lastIndexOf('/', end - 1);
      if (slash < 0) {
        states = this.initial(root);
        break;
      }
      end = slash;
    }
    for (let i = pending.length - 1; i >= 0; i--) {
      const stop = pending[i] as number;
      // At stop 0 (a leading `/`) the start is 0 or 1: either way the segment is empty.
      const segment = dir.slice(dir.lastIndexOf('/', stop - 1) + 1, stop);
      const next: State[] = [];
      const gen = ++this.generation;
      for (const state of states) this.step(state, segment, next, gen, false);
      states = next;
      dirs?.set(dir.slice(0, stop), states);
    }
    return states;
  }

  // Adds a state and, through `**` (zero segments), the state inside it. Before the last
  // segment a state that cannot consume another segment is dropped: it could never accept.
  private enter(state: State, into: State[], gen: number, last: boolean): void {
    if (state.mark === gen) return;
    state.mark = gen;
    expanded(state);
    if (last || state.live) into.push(state);
    if (state.globstar) this.enter(state.globstar, into, gen, last);
  }

  private step(state: State, segment: string, into: State[], gen: number, last: boolean): void {
    this.stepsTaken++;
    if (state.isGlobstar) this.enter(state, into, gen, last); // `**` consumes any segment
    const literal = state.literal.get(segment);
    if (literal) this.enter(literal, into, gen, last);
    if (state.anySegment) this.enter(state.anySegment, into, gen, last);
    if (!state.filled) {
      state.last.fill(state, () => true, state.prefilters?.last ?? null);
      state.inner.fill(state, (next) => next.live, state.prefilters?.inner ?? null);
      state.filled = true;
    }
    const kind = last ? state.last : state.inner;
    const affixed = this.affixed;
    affixed.length = 0;
    kind.suffix?.collect(segment, affixed);
    kind.prefix?.collect(segment, affixed);
    for (const next of affixed) this.enter(next, into, gen, last);
    const wild = kind.wild;
    if (kind.prefilter === null) {
      for (const w of wild) {
        if (segment.includes(w.required) && w.re.test(segment)) this.enter(w.next, into, gen, last);
      }
      return;
    }
    const hits = this.hits;
    hits.length = 0;
    kind.prefilter.scan(segment, hits);
    const scan = ++this.scanGeneration;
    for (const index of hits) {
      const w = wild[index] as WildSegment;
      if (w.tested === scan) continue;
      w.tested = scan;
      if (w.re.test(segment)) this.enter(w.next, into, gen, last);
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
