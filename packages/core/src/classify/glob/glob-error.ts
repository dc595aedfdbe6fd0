// A glob that cannot be compiled. The policy loader turns it into an issue at the glob's
// JSON pointer, so a bad glob fails at load time, never at evaluation.
export class GlobSyntaxError extends Error {
  override readonly name = 'GlobSyntaxError';
}
