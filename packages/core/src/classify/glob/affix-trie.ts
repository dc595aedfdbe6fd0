// A character trie of literal prefixes (or suffixes, read backwards) of a segment: the
// GlobSet's `lit*` and `*lit` segment patterns. Walking it reads each character of the
// segment at most once and allocates nothing, where looking each length up with `slice`
// cost one new string per distinct literal length (dozens, in the default policy).
// Characters are UTF-16 code units, as `startsWith` and `endsWith` compare them.

export class AffixTrie<T> {
  /** Edges keyed `node * 0x10000 + code unit`. */
  private readonly edges = new Map<number, number>();
  private readonly values: Array<T | undefined> = [undefined];
  readonly size: number;

  /** `fromEnd`: the keys are suffixes, walked from the segment's last character. */
  constructor(
    entries: Iterable<readonly [string, T]>,
    private readonly fromEnd: boolean,
  ) {
    let size = 0;
    for (const [key, value] of entries) {
      let node = 0;
      for (let k = 0; k < key.length; k++) {
        const code = key.charCodeAt(fromEnd ? key.length - 1 - k : k);
        let next = this.edges.get(node * 0x10000 + code);
        if (next === undefined) {
          next = this.values.length;
          this.values.push(undefined);
          this.edges.set(node * 0x10000 + code, next);
        }
        node = next;
      }
      this.values[node] = value;
      size++;
    }
    this.size = size;
  }

  /** Appends to `into` the value of every key that is a prefix (suffix) of `text`. */
  collect(text: string, into: T[]): void {
    let node = 0;
    const n = text.length;
    for (let k = 0; k < n; k++) {
      const next = this.edges.get(node * 0x10000 + text.charCodeAt(this.fromEnd ? n - 1 - k : k));
      if (next === undefined) return;
      node = next;
      const value = this.values[node];
      if (value !== undefined) into.push(value);
    }
  }
}
