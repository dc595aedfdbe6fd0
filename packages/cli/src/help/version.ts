import { readFileSync } from 'node:fs';

// The CLI's version is its package's: package.json sits one level above both src/ and dist/.
export function cliVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version = (manifest as { version?: unknown }).version;
  if (typeof version !== 'string') throw new Error('the CLI package.json has no version');
  return version;
}
