// Where a fact of the change came from: the `facts` list of a classification
// (schemas/classification.schema.json). One entry per fact, in the order they were applied.
export interface FactSource {
  /** JSON pointer into the change: /coverage, /service, /dependencies/3, /data/rowsAffected... */
  readonly fact: string;
  /** The files (or git manifests, or catalog lines) the fact was read from. */
  readonly from: readonly string[];
  /** The value set, or null when the sources could not tell it (the fact stays unknown). */
  readonly value?: unknown;
  /** Facts files the change itself adds or modifies: they supply nothing (value is null). */
  readonly untrusted?: readonly string[];
  /** Coverage: changed files that no report knows (they count for nothing). */
  readonly notInReport?: readonly string[];
  /** Coverage: files a report knows whose changed lines cannot be told (coverage unknown). */
  readonly unknownLines?: readonly string[];
  /** Service: every service the change touches. */
  readonly touched?: readonly string[];
  /** Service: changed paths in no service. */
  readonly outside?: readonly string[];
  /** Service: where each guard came from ([] when not stated and not found). */
  readonly guards?: Readonly<Record<string, { readonly value: boolean; readonly from: readonly string[] }>>;
}
