// Bounds on what a loader accepts. Policy and data files are small; anything bigger is a
// mistake or an attack, and is refused before it is parsed.
export interface DocumentLimits {
  /** Largest accepted text, in UTF-8 bytes. */
  readonly maxBytes: number;
  /** Most YAML/JSON nodes (mappings, sequences and scalars) in one document. */
  readonly maxNodes: number;
  /** Deepest nesting. */
  readonly maxDepth: number;
}

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = {
  maxBytes: 4 * 1024 * 1024,
  maxNodes: 500_000,
  maxDepth: 64,
};

/** UTF-8 length of a JS string without allocating (the engine runs outside Node too). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
