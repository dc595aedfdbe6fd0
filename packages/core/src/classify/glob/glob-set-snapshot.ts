import { expanded, GlobSet, type Prefilters, prefiltersOf, State } from './glob-set.js';

// A GlobSet as plain JSON data, written at build time for the default policy (issue 16): a CLI
// cold start then rebuilds the tries from data instead of parsing, brace-expanding and
// compiling every glob again, which was most of the start's own CPU. What `add` built is
// written, and the literal prefilters of the states with many wildcard segments (building
// those automata was the next tenth of a start); the rest is derived again. The restored set matches
// exactly as the built one: the property tests hold them equal, and the default's snapshot is
// checked against a fresh build (defaults/compiled-default.test.ts).
//
// Children are lists of [key, state] pairs, not objects keyed by the segment: a glob segment
// may be `__proto__` or `constructor`, which an object would turn into a prototype.

/** One trie state: only the edges and ids that are there (`g` marks the state inside a `**`). */
export interface StateSnapshot {
  readonly g?: 1;
  readonly literal?: readonly (readonly [string, StateSnapshot])[];
  readonly suffix?: readonly (readonly [string, StateSnapshot])[];
  readonly prefix?: readonly (readonly [string, StateSnapshot])[];
  readonly any?: StateSnapshot;
  /** Wildcard segments: [token key, regex source, regex flags, required literal, next]. */
  readonly wild?: readonly (readonly [string, string, string, string, StateSnapshot])[];
  readonly globstar?: StateSnapshot;
  readonly accepts?: readonly number[];
  /** The literal prefilters of a state with many wildcard segments, built (LiteralPrefilter). */
  readonly prefilters?: Prefilters;
}

export interface GlobSetSnapshot {
  readonly size: number;
  readonly root: StateSnapshot;
  readonly foldedRoot: StateSnapshot;
  /** Case-insensitive globs tested by regex: [id, RE2 regex, simple (1) or not (0)]. */
  readonly folded: readonly (readonly [number, string, 0 | 1])[];
}

/** The set as data (JSON.stringify-able). */
export function snapshotGlobSet(set: GlobSet): GlobSetSnapshot {
  const { root, foldedRoot, folded, size } = set.parts();
  return {
    size,
    root: writeState(root),
    foldedRoot: writeState(foldedRoot),
    folded: folded.map((f) => [f.id, f.regex, f.simple ? 1 : 0] as const),
  };
}

/** A set that matches exactly as the one the snapshot was taken of. */
export function restoreGlobSet(snapshot: GlobSetSnapshot): GlobSet {
  return new GlobSet({
    size: snapshot.size,
    root: readState(snapshot.root),
    foldedRoot: readState(snapshot.foldedRoot),
    // Every regex is compiled on first use, as in a set built by `add`.
    folded: snapshot.folded.map(([id, regex, simple]) => ({ id, regex, re: null, simple: simple === 1 })),
  });
}

function writeState(lazy: State): StateSnapshot {
  const state = expanded(lazy);
  const pairs = (map: ReadonlyMap<string, State>) =>
    [...map].map(([key, next]) => [key, writeState(next)] as const);
  // Only the edges that are there, so the JSON holds nothing else.
  return {
    ...(state.isGlobstar ? { g: 1 } : {}),
    ...(state.literal.size > 0 ? { literal: pairs(state.literal) } : {}),
    ...(state.suffix.size > 0 ? { suffix: pairs(state.suffix) } : {}),
    ...(state.prefix.size > 0 ? { prefix: pairs(state.prefix) } : {}),
    ...(state.anySegment !== null ? { any: writeState(state.anySegment) } : {}),
    ...(state.wild.size > 0
      ? {
          wild: [...state.wild].map(
            ([key, w]) => [key, w.re.source, w.re.flags, w.required, writeState(w.next)] as const,
          ),
        }
      : {}),
    ...(state.globstar !== null ? { globstar: writeState(state.globstar) } : {}),
    ...(state.accepts.length > 0 ? { accepts: [...state.accepts] } : {}),
    ...prefilters(state),
  };
}

function prefilters(state: State): { prefilters?: Prefilters } {
  const built = prefiltersOf(state);
  // `inner` keeps a subset of `last`'s wildcard segments: without a prefilter for the last
  // segment there is none for the others either.
  return built.last === null ? {} : { prefilters: built };
}

// A state whose edges are built when the GlobSet first enters it (`State.expand`); whether it
// is `live` is needed before that (a parent's step keeps only live children), so it is read
// off the snapshot now.
function readState(snapshot: StateSnapshot): State {
  const state = new State(snapshot.g === 1);
  state.live =
    snapshot.g === 1 ||
    snapshot.globstar !== undefined ||
    snapshot.any !== undefined ||
    (snapshot.literal?.length ?? 0) + (snapshot.suffix?.length ?? 0) + (snapshot.prefix?.length ?? 0) > 0 ||
    (snapshot.wild?.length ?? 0) > 0;
  state.expand = (s) => {
    for (const [key, next] of snapshot.literal ?? []) s.literal.set(key, readState(next));
    for (const [key, next] of snapshot.suffix ?? []) s.suffix.set(key, readState(next));
    for (const [key, next] of snapshot.prefix ?? []) s.prefix.set(key, readState(next));
    if (snapshot.any !== undefined) s.anySegment = readState(snapshot.any);
    for (const [key, source, flags, required, next] of snapshot.wild ?? [])
      s.wild.set(key, { re: new RegExp(source, flags), required, next: readState(next), tested: 0 });
    if (snapshot.globstar !== undefined) s.globstar = readState(snapshot.globstar);
    s.accepts.push(...(snapshot.accepts ?? []));
    s.prefilters = snapshot.prefilters ?? null;
  };
  return state;
}
