import type { Options } from 'ajv';

// The options every trustladder schema is compiled with: by scripts/generate-validators.mjs
// into standalone code at build time, and by the test that holds that code equal to a
// validator Ajv compiles at run time with the same options (standalone-validators.prop.test.ts).
// strict mode: a schema mistake (unknown keyword) is a bug we want to see, not ignore.
// validateSchema: false skips checking our own schemas against the 2020-12 meta-schema;
// schemas.test.ts checks each of them against it instead, with a default (validating) Ajv.
export const AJV_OPTIONS = {
  validateSchema: false,
  allErrors: true,
  strict: true,
  strictRequired: false,
  strictTuples: false,
  allowUnionTypes: true,
} as const satisfies Options;
