import type { CompiledGlob } from '../../../classify/glob/compile-glob.js';

// A service as a catalog describes it, whichever file format it came from.

export type GuardName = 'slo' | 'canary' | 'killSwitch';

export interface CatalogService {
  readonly name: string;
  /** The catalog file the service was read from. */
  readonly source: string;
  /** Tests a normalised repository path: does it belong to the service? */
  readonly owns: (path: string) => boolean;
  /** The compiled `paths` globs, so that a catalog can be indexed in one GlobSet. */
  readonly globs: readonly CompiledGlob[];
  readonly slo?: boolean;
  readonly canary?: boolean;
  /** true/false, or the flag to look for in flag definitions (with --discover). */
  readonly killSwitch?: boolean | { readonly flag: string };
}
