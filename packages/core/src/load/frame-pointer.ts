import { joinPointer } from '../issues.js';

/** A place in a document walk: its parent's frame and its token there (none at the root). */
export interface PointerFrame {
  readonly parent: PointerFrame | undefined;
  readonly token: string | number;
}

// The JSON pointer of a frame, from its parent links. The walks of large documents keep these
// links and build a pointer only when an issue names a place: one string per node cost more
// memory than the parsed document itself on a 100k-file change.
export function pointerOf(frame: PointerFrame): string {
  const tokens: Array<string | number> = [];
  for (let f: PointerFrame | undefined = frame; f?.parent !== undefined; f = f.parent) tokens.push(f.token);
  return tokens.length === 0 ? '' : joinPointer('', ...tokens.reverse());
}
