/**
 * The parameter type of an entry point that takes either a typed document or untrusted input.
 * An argument whose static type is `unknown` (or `any`: parsed JSON) passes as it is and is
 * validated at run time, failing closed; an argument of any other static type must be the
 * document type, so a typed call with `status: 'bogus'` does not compile.
 */
export type TypedOrUnknown<T, Document> = unknown extends T ? T : Document;

/** The same for a list: `unknown[]` (parsed JSON lines) passes, a typed list must be `Document[]`. */
export type TypedOrUnknownList<T, Document> = unknown extends T
  ? T
  : T extends readonly (infer Element)[]
    ? unknown extends Element
      ? T
      : readonly Document[]
    : readonly Document[];
