import { type LoadOptions, loadDocument, throwInvalid, validateAgainst } from '../load/index.js';
import type { TaskSpec } from './taskspec.types.js';

/** Parses and schema-checks a TaskSpec (YAML or JSON). Throws TrustladderError with every issue. */
export function loadTaskSpec(text: string, options: LoadOptions = {}): TaskSpec {
  return loadDocument(text, 'taskspec', options).value as TaskSpec;
}

/** Schema-checks an already parsed TaskSpec. Throws INVALID_DOCUMENT with every issue. */
export function assertTaskSpec(value: unknown, source?: string): TaskSpec {
  const issues = validateAgainst('taskspec', value);
  if (issues.length > 0) throwInvalid(issues, source);
  return value as TaskSpec;
}
