// @trustladder/core: the engine. Explicit exports only; see STYLE.md.
export type { CoreErrorCode } from './errors.js';
export { isTrustladderError, TrustladderError } from './errors.js';
export type { Issue, Result, SourcePosition } from './issues.js';
export { escapePointerToken, fail, formatIssue, joinPointer, ok, pointer } from './issues.js';
export type { DocumentFormat, DocumentLimits, LoadedDocument, LoadOptions } from './load/index.js';
export {
  DEFAULT_DOCUMENT_LIMITS,
  loadDocument,
  parseJson,
  parseYaml,
  validateAgainst,
} from './load/index.js';
export type { SchemaName } from './schemas/index.js';
export { SCHEMAS } from './schemas/index.js';
