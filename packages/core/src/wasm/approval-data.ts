import { TrustladderError } from '../errors.js';
import { type LoadOptions, loadDocument } from '../load/document.js';
import { validateAgainst } from '../load/validate.js';
import type { ApprovalData } from './approval.types.js';

/** Parses and validates approval data (YAML or JSON text; schemas/approval-data.schema.json). */
export function loadApprovalData(text: string, options: LoadOptions = {}): ApprovalData {
  return loadDocument(text, 'approval-data', options).value as ApprovalData;
}

/** Throws INVALID_DOCUMENT, with every issue, unless `value` is valid approval data. */
export function assertApprovalData(value: unknown, source?: string): asserts value is ApprovalData {
  const issues = validateAgainst('approval-data', value);
  if (issues.length > 0) {
    throw new TrustladderError(
      'INVALID_DOCUMENT',
      `the approval data is invalid: ${issues.length} problem(s)`,
      {
        source,
        issues,
      },
    );
  }
}
