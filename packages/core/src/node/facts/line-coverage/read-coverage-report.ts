import { invalidArgument } from '../invalid-argument.js';
import type { CoverageReport } from './coverage-report.types.js';
import { readCobertura } from './read-cobertura.js';
import { readGoProfile } from './read-go-profile.js';
import { readIstanbul } from './read-istanbul.js';
import { readLcov } from './read-lcov.js';
import { reportError } from './report-error.js';

// Reads a coverage report of any supported format, told apart by its content, not its
// name (CI artifacts are often renamed). Anything else is an error naming the file.
export function readCoverageReport(text: string, source: string): CoverageReport {
  if (typeof text !== 'string' || typeof source !== 'string')
    throw invalidArgument('readCoverageReport', 'takes a text and a source name');
  // A byte-order mark is an input error everywhere in trustladder (docs/DESIGN: rules for every input).
  if (text.startsWith('\uFEFF'))
    throw reportError(source, 'the report starts with a byte-order mark', 1, 'bom');
  const body = text;
  const start = body.trimStart();
  if (start.startsWith('<')) return readCobertura(body, source);
  if (start.startsWith('{')) return readIstanbul(body, source);
  if (body.startsWith('mode:')) return readGoProfile(body, source);
  if (/^(TN|SF):/m.test(body)) return readLcov(body, source);
  throw reportError(
    source,
    'not a coverage report (lcov, Cobertura XML, Go cover profile or Istanbul JSON)',
    1,
    'unknown_format',
  );
}
