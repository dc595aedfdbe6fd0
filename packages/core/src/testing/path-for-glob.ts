import fc from 'fast-check';
import { compileGlob } from '../classify/glob/compile-glob.js';
import { GlobSet } from '../classify/glob/glob-set.js';
import type { GlobSegment, GlobToken } from '../classify/glob/glob-syntax.types.js';
import { normalisePath } from '../classify/normalise-path.js';

// Paths for a user's own globs: ones that hit a glob (built from its parsed segments, so a
// hit is a hit by construction, not by asking the matcher) and ones that narrowly miss it
// (one small edit of a hit: a changed, dropped or re-cased character, a segment added in
// front or at the end, a changed extension), kept only when the real matcher refuses them.

/** A generated path and whether it hits the glob; a miss names the hit it was edited from. */
export interface PathCase {
  readonly path: string;
  readonly hits: boolean;
  /** For a miss: the hit it is one edit away from. */
  readonly from?: string;
}

export interface PathForOptions {
  /** The criterion's `ignoreCase`. */
  readonly ignoreCase?: boolean;
  /** Segments a `**` expands to (default: a few neutral ones). */
  readonly segments?: readonly string[];
}

const FILL = 'abcdefghijklmnopqrstuvwxyz0123456789_-';
const DEFAULT_SEGMENTS = ['src', 'lib', 'internal', 'v2', 'a', 'x1'];

/** The real matcher of one glob (the TypeScript engine's GlobSet). */
export function globMatcher(glob: string, ignoreCase = false): (path: string) => boolean {
  const set = new GlobSet();
  set.add(0, compileGlob(glob, ignoreCase));
  return (path) => set.match(path).length > 0;
}

/** A path that hits `glob` (any of its brace expansions). */
export function arbitraryHitFor(glob: string, options: PathForOptions = {}): fc.Arbitrary<string> {
  const key = JSON.stringify([glob, options.ignoreCase ?? false, options.segments ?? null]);
  const cached = HITS.get(key);
  if (cached) return cached;
  const built = buildHitFor(glob, options);
  HITS.set(key, built);
  return built;
}

// Built once per glob and options: the check that a hit exists samples the arbitrary.
const HITS = new Map<string, fc.Arbitrary<string>>();

function buildHitFor(glob: string, options: PathForOptions): fc.Arbitrary<string> {
  const { expansions } = compileGlob(glob, options.ignoreCase ?? false);
  const segments = options.segments ?? DEFAULT_SEGMENTS;
  const raw = fc
    .constantFrom(...expansions)
    .chain((expansion) => fc.tuple(...expansion.map((s) => segmentText(s, segments))))
    .map((parts) => parts.flat().join('/'))
    .chain((path) => (options.ignoreCase ? recase(path) : fc.constant(path)));
  // fast-check's filter retries without bound: make sure it can succeed before relying on it.
  mustSometimes(raw, isNormalPath, `${glob}: no normalised path hits it`);
  return raw.filter(isNormalPath);
}

/** A path one small edit away from a hit of `glob` that the matcher refuses. */
export function arbitraryMissFor(glob: string, options: PathForOptions = {}): fc.Arbitrary<PathCase> {
  const raw = missOrNothing(glob, options);
  mustSometimes(raw, (c) => c !== undefined, `${glob}: no narrow miss found (does it match every path?)`);
  return raw.filter((c): c is PathCase => c !== undefined);
}

function missOrNothing(glob: string, options: PathForOptions): fc.Arbitrary<PathCase | undefined> {
  const matches = globMatcher(glob, options.ignoreCase ?? false);
  return arbitraryHitFor(glob, options).chain((hit) => {
    const candidates = edits(hit, options.ignoreCase ?? false);
    // A random order, checked lazily: the first candidate the matcher refuses is the miss.
    return fc.shuffledSubarray(candidates, { minLength: candidates.length }).map((order) => {
      const path = order.find((p) => !matches(p) && isNormalPath(p));
      return path === undefined ? undefined : { path, hits: false, from: hit };
    });
  });
}

/**
 * Paths that hit `glob` and paths that narrowly miss it, each labelled. A glob that every path
 * matches (`**`) has no miss: fast-check then reports too many skipped runs.
 */
export function arbitraryPathFor(glob: string, options: PathForOptions = {}): fc.Arbitrary<PathCase> {
  // A glob without misses (`**`) gives hits only, rather than refusing.
  return fc.oneof(
    arbitraryHitFor(glob, options).map((path): PathCase => ({ path, hits: true })),
    missOrNothing(glob, options).chain((miss) =>
      miss === undefined
        ? arbitraryHitFor(glob, options).map((path): PathCase => ({ path, hits: true }))
        : fc.constant(miss),
    ),
  );
}

/** Throws unless `arb` gives a value passing `ok` within 40 tries (a fixed seed). */
function mustSometimes<T>(arb: fc.Arbitrary<T>, ok: (value: T) => boolean, message: string): void {
  if (!fc.sample(arb, { numRuns: 40, seed: 42 }).some(ok)) throw new Error(message);
}

function segmentText(segment: GlobSegment, vocabulary: readonly string[]): fc.Arbitrary<string[]> {
  if (segment.kind === 'globstar') return fc.array(fc.constantFrom(...vocabulary), { maxLength: 2 });
  return fc
    .tuple(...segment.tokens.map(tokenText))
    .map((t) => t.join(''))
    .filter((s) => s !== '' && s !== '.' && s !== '..')
    .map((s) => [s]);
}

function tokenText(token: GlobToken): fc.Arbitrary<string> {
  switch (token.kind) {
    case 'literal':
      return fc.constant(token.text);
    case 'star':
      return fc.string({ unit: fc.constantFrom(...FILL), maxLength: 4 });
    case 'any':
      return fc.constantFrom(...FILL);
    case 'class': {
      const inside = (cp: number) => token.ranges.some((r) => cp >= r.from && cp <= r.to);
      if (!token.negated)
        return fc
          .constantFrom(...token.ranges)
          .chain((r) => fc.integer({ min: r.from, max: Math.min(r.to, r.from + 64) }))
          .map((cp) => String.fromCodePoint(cp))
          .filter((c) => c !== '/');
      const outside = [...FILL].filter((c) => !inside(c.codePointAt(0) as number));
      return fc.constantFrom(...(outside.length > 0 ? outside : ['~']));
    }
  }
}

function recase(path: string): fc.Arbitrary<string> {
  return fc
    .array(fc.boolean(), { minLength: path.length, maxLength: path.length })
    .map((flips) => [...path].map((c, i) => (flips[i] ? c.toUpperCase() : c)).join(''));
}

/** Every one-edit neighbour of a hit worth trying as a narrow miss. */
function edits(hit: string, ignoreCase: boolean): string[] {
  const out = new Set<string>();
  const chars = [...hit];
  chars.forEach((c, i) => {
    if (c === '/') return;
    const before = chars.slice(0, i).join('');
    const after = chars.slice(i + 1).join('');
    out.add(`${before}${after}`); // dropped
    out.add(`${before}${changed(c)}${after}`); // changed
    if (!ignoreCase && c.toUpperCase() !== c) out.add(`${before}${c.toUpperCase()}${after}`); // re-cased
  });
  out.add(`x/${hit}`); // one segment in front
  out.add(`${hit}/x`); // one segment below
  out.add(`${hit}x`);
  const dot = hit.lastIndexOf('.');
  if (dot > hit.lastIndexOf('/')) out.add(`${hit.slice(0, dot)}.bak`); // another extension
  const slash = hit.indexOf('/');
  if (slash > 0) out.add(hit.slice(slash + 1)); // the first segment dropped
  out.delete(hit);
  return [...out];
}

/** Another character in place of `c`, never `/` (that would split the segment). */
function changed(c: string): string {
  if (c === 'z') return 'y';
  const next = String.fromCodePoint((c.codePointAt(0) as number) + 1);
  return next === '/' ? '_' : next;
}

/** Already normalised (what a change's path becomes is what was generated). */
function isNormalPath(path: string): boolean {
  const n = normalisePath(path);
  return n.ok && n.path === path;
}
