import {
  type LoadOptions,
  loadDocument,
  throwInvalid,
  validateAgainst,
  withPositions,
} from '../load/index.js';
import type { TaskSpec } from './taskspec.types.js';
import { taskSpecIdentifierIssues } from './taskspec-identifiers.js';

/** Parses and checks a TaskSpec (YAML or JSON). Throws TrustladderError with every issue. */
export function loadTaskSpec(text: string, options: LoadOptions = {}): TaskSpec {
  const document = loadDocument(text, 'taskspec', options);
  const spec = document.value as TaskSpec;
  const issues = withPositions(taskSpecIdentifierIssues(spec), spec, document.positions);
  if (issues.length > 0) throwInvalid(issues, options.source);
  return spec;
}

/** Checks an already parsed TaskSpec: schema and identifiers. Throws INVALID_DOCUMENT with every issue. */
export function assertTaskSpec(value: unknown, source?: string): TaskSpec {
  const issues = validateAgainst('taskspec', value);
  if (issues.length > 0) throwInvalid(issues, source);
  const identifiers = taskSpecIdentifierIssues(value as TaskSpec);
  if (identifiers.length > 0) throwInvalid(identifiers, source);
  return value as TaskSpec;
}
