import { SCHEMAS } from './embedded.generated.js';

export { SCHEMAS };
/** The name of a schema in schemas/: the file name without `.schema.json`. */
export type SchemaName = keyof typeof SCHEMAS;
