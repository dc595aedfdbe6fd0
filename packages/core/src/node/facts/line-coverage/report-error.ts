import { TrustladderError } from '../../../errors.js';

// A report that cannot be read: PARSE_ERROR naming the file and, when known, the line.
export function reportError(
  source: string,
  message: string,
  line?: number,
  code = 'unreadable_report',
): TrustladderError {
  return new TrustladderError('PARSE_ERROR', `${source}: ${message}`, {
    source,
    issues: [{ code, path: '', message, ...(line === undefined ? {} : { position: { line, column: 1 } }) }],
  });
}
