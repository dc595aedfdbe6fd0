export type { DocumentFormat, LoadedDocument, LoadOptions } from './document.js';
export { formatOf, loadDocument, throwInvalid } from './document.js';
export { parseJson } from './json.js';
export type { DocumentLimits } from './limits.js';
export { DEFAULT_DOCUMENT_LIMITS, utf8Length } from './limits.js';
export { checkTree } from './tree.js';
export { validateAgainst, withPositions } from './validate.js';
export type { ParsedDocument } from './yaml.js';
export { parseYaml } from './yaml.js';
