import type { SourcePosition } from '../issues.js';

// Where each part of a parsed YAML or JSON document starts. As a WeakMap (what every loader
// has passed around): the start of each mapping and sequence. Beside it, `children`: the start
// of each member's value, scalars included, keyed by the container and the member's JSON
// pointer token, so an issue about a scalar points at the scalar's own line.
//
// The positions of a large JSON change cost about three times its text (an object per value),
// and they are read only when an issue needs a line: `deferred` records them on the first
// lookup instead, keeping the text until then.
export class DocumentPositions extends WeakMap<object, SourcePosition> {
  readonly #children = new WeakMap<object, Map<string, SourcePosition>>();
  #fill: ((positions: DocumentPositions) => void) | undefined;

  /** Positions that `fill` records when they are first read. */
  static deferred(fill: (positions: DocumentPositions) => void): DocumentPositions {
    const positions = new DocumentPositions();
    positions.#fill = fill;
    return positions;
  }

  get children(): WeakMap<object, Map<string, SourcePosition>> {
    this.#settle();
    return this.#children;
  }

  override get(key: object): SourcePosition | undefined {
    this.#settle();
    return super.get(key);
  }

  override has(key: object): boolean {
    this.#settle();
    return super.has(key);
  }

  setChild(container: object, token: string, position: SourcePosition): void {
    let members = this.#children.get(container);
    if (!members) {
      members = new Map();
      this.#children.set(container, members);
    }
    if (!members.has(token)) members.set(token, position);
  }

  #settle(): void {
    const fill = this.#fill;
    if (fill === undefined) return;
    this.#fill = undefined; // first: the fill's own reads must not recurse
    fill(this);
  }
}

// The positions of every document root the loaders parsed, so a value validated later (a
// change read by the CLI, validated by classify) still gets its line and column.
const REMEMBERED = new WeakMap<object, WeakMap<object, SourcePosition>>();

export function rememberPositions(root: unknown, positions: WeakMap<object, SourcePosition>): void {
  if (root !== null && typeof root === 'object') REMEMBERED.set(root, positions);
}

export function rememberedPositions(root: unknown): WeakMap<object, SourcePosition> | undefined {
  return root !== null && typeof root === 'object' ? REMEMBERED.get(root) : undefined;
}

/** 1-based line and column of UTF-16 offsets, by binary search over the line starts. */
export function lineIndex(text: string): (offset: number) => SourcePosition {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  };
}
