// Which of many literals occur in a short text, in one pass over the text (Aho-Corasick).
// The GlobSet uses it to skip the wildcard segment patterns whose required literal is absent:
// the default policy's `**` state holds hundreds of them (`*-auth.*`, `*payment*.*`, ...),
// and testing each with `includes` on every segment was most of classify's time.
//
// Literals are compared by UTF-16 code unit, as `String.prototype.includes` does, so the
// prefilter answers exactly what `text.includes(literal)` would for each literal.

/**
 * A built prefilter as plain data: the default policy's ship in its GlobSet snapshot
 * (glob-set-snapshot.ts), since building the automaton of hundreds of literals was a tenth of
 * a CLI cold start. `edges` holds [key, node] pairs, flattened.
 */
export interface PrefilterData {
  readonly edges: readonly number[];
  readonly fail: readonly number[];
  readonly out: readonly (readonly number[])[];
  readonly alwaysHit: readonly number[];
}

export class LiteralPrefilter {
  /** Goto edges, keyed `node * 0x10000 + code unit`: one Map lookup per character. */
  private readonly edges = new Map<number, number>();
  private readonly fail: number[] = [0];
  /** For each node, the literal indices ending there or at any node on its fail chain. */
  private readonly out: number[][] = [[]];
  private readonly alwaysHit: number[] = [];

  /** Built from its literals, or restored from what `data()` gave for the same literals. */
  constructor(source: readonly string[] | PrefilterData) {
    if (!isLiterals(source)) {
      this.restore(source);
      return;
    }
    source.forEach((literal, index) => {
      if (literal === '') {
        this.alwaysHit.push(index); // the empty string occurs in every text
        return;
      }
      let node = 0;
      for (let i = 0; i < literal.length; i++) {
        const key = node * 0x10000 + literal.charCodeAt(i);
        let next = this.edges.get(key);
        if (next === undefined) {
          next = this.fail.length;
          this.fail.push(0);
          this.out.push([]);
          this.edges.set(key, next);
        }
        node = next;
      }
      (this.out[node] as number[]).push(index);
    });
    this.link();
  }

  // Breadth-first: a node's fail link is the longest proper suffix of its string that is
  // also a prefix of some literal; its outputs include those of its fail link.
  private link(): void {
    const children = new Map<number, Array<[number, number]>>();
    for (const [key, next] of this.edges) {
      const parent = Math.floor(key / 0x10000);
      let list = children.get(parent);
      if (!list) {
        list = [];
        children.set(parent, list);
      }
      list.push([key % 0x10000, next]);
    }
    const queue: number[] = [];
    for (const [, child] of children.get(0) ?? []) queue.push(child); // depth 1 fails to the root
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] as number;
      for (const [code, child] of children.get(node) ?? []) {
        let f = this.fail[node] as number;
        let target = this.edges.get(f * 0x10000 + code);
        while (target === undefined && f !== 0) {
          f = this.fail[f] as number;
          target = this.edges.get(f * 0x10000 + code);
        }
        const link = target ?? 0;
        this.fail[child] = link;
        if ((this.out[link] as number[]).length > 0)
          (this.out[child] as number[]).push(...(this.out[link] as number[]));
        queue.push(child);
      }
    }
  }

  /** The prefilter as data, to restore it without building it again. */
  data(): PrefilterData {
    return {
      edges: [...this.edges].flat(),
      fail: [...this.fail],
      out: this.out.map((o) => [...o]),
      alwaysHit: [...this.alwaysHit],
    };
  }

  private restore(data: PrefilterData): void {
    for (let i = 0; i < data.edges.length; i += 2)
      this.edges.set(data.edges[i] as number, data.edges[i + 1] as number);
    this.fail.length = 0;
    this.fail.push(...data.fail);
    this.out.length = 0;
    for (const o of data.out) this.out.push([...o]);
    this.alwaysHit.push(...data.alwaysHit);
  }

  /** Appends to `into` the index of every literal that occurs in `text` (repeats possible). */
  scan(text: string, into: number[]): void {
    for (const index of this.alwaysHit) into.push(index);
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let next = this.edges.get(node * 0x10000 + code);
      while (next === undefined && node !== 0) {
        node = this.fail[node] as number;
        next = this.edges.get(node * 0x10000 + code);
      }
      node = next ?? 0;
      const found = this.out[node] as number[];
      for (let k = 0; k < found.length; k++) into.push(found[k] as number);
    }
  }
}

function isLiterals(source: readonly string[] | PrefilterData): source is readonly string[] {
  return Array.isArray(source);
}
