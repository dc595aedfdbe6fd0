import { TrustladderError } from '../errors.js';
import type { Issue, SourcePosition } from '../issues.js';
import type { SchemaName } from '../schemas/index.js';
import { parseJson } from './json.js';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from './limits.js';
import { validateAgainst } from './validate.js';
import { parseYaml } from './yaml.js';

export type DocumentFormat = 'yaml' | 'json';

export interface LoadOptions {
  /** Shown in errors: a file name, "<stdin>", a URL. */
  readonly source?: string;
  /** Defaults to JSON for a source ending in .json, YAML otherwise. */
  readonly format?: DocumentFormat;
  readonly limits?: DocumentLimits;
}

export interface LoadedDocument {
  readonly value: unknown;
  readonly positions: WeakMap<object, SourcePosition>;
}

export function formatOf(options: LoadOptions): DocumentFormat {
  if (options.format) return options.format;
  return options.source?.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
}

/**
 * Parses a YAML or JSON text and validates it against a schema. Throws a TrustladderError
 * (PARSE_ERROR, TOO_LARGE or INVALID_DOCUMENT) that carries every issue found.
 */
export function loadDocument(text: string, schema: SchemaName, options: LoadOptions = {}): LoadedDocument {
  const limits = options.limits ?? DEFAULT_DOCUMENT_LIMITS;
  const parsed = formatOf(options) === 'json' ? parseJson(text, limits) : parseYaml(text, limits);
  if (!parsed.ok) {
    const tooLarge = parsed.issues.some((i) => i.code === 'too_large');
    throw new TrustladderError(tooLarge ? 'TOO_LARGE' : 'PARSE_ERROR', 'the document cannot be read', {
      source: options.source,
      issues: parsed.issues,
    });
  }
  const issues = validateAgainst(schema, parsed.value.value, parsed.value.positions);
  if (issues.length > 0) throwInvalid(issues, options.source);
  return parsed.value;
}

/** Throws INVALID_DOCUMENT with every issue. */
export function throwInvalid(issues: readonly Issue[], source?: string): never {
  throw new TrustladderError('INVALID_DOCUMENT', `the document is invalid: ${issues.length} problem(s)`, {
    source,
    issues,
  });
}
