import { readFileSync, statSync } from 'node:fs';
import { TrustladderError } from '../../errors.js';

// Reads one facts file (a coverage report, a catalog, a facts document) within a size bound.
// A missing, unreadable or oversized file is an input error naming the file: a fact that
// was asked for and cannot be read is never silently left out.
export function readFactFile(absolute: string, file: string, maxBytes: number): string {
  let size: number;
  try {
    const stat = statSync(absolute);
    if (!stat.isFile())
      throw Object.assign(new Error('not a file'), { code: stat.isDirectory() ? 'EISDIR' : 'ENOTFILE' });
    size = stat.size;
  } catch (e) {
    throw unreadable(file, e);
  }
  if (size > maxBytes)
    throw new TrustladderError('TOO_LARGE', `${file}: ${size} bytes, over the bound of ${maxBytes}`, {
      source: file,
      issues: [{ code: 'too_large', path: '', message: `the file is over ${maxBytes} bytes` }],
    });
  try {
    return readFileSync(absolute, 'utf8');
  } catch (e) {
    throw unreadable(file, e);
  }
}

function unreadable(file: string, e: unknown): TrustladderError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
  return new TrustladderError('INVALID_INPUT', `cannot read ${file}: ${why}`, {
    source: file,
    issues: [{ code: 'unreadable', path: '', message: `cannot read the file: ${why}` }],
    cause: e,
  });
}
