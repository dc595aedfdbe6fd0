import type { Issue } from '../issues.js';

const escapePointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Every string (value or key) of an event that holds a lone surrogate. Such a string has no
 * UTF-8 form, so its event has no canonical JSON to hash (RFC 8785 refuses it): an input
 * error with its pointer, not a failure halfway through an append.
 */
export function loneSurrogateIssues(value: unknown, path = ''): Issue[] {
  if (typeof value === 'string') {
    return value.isWellFormed()
      ? []
      : [{ code: 'lone_surrogate', path, message: 'holds a lone surrogate (not Unicode text)' }];
  }
  if (value === null || typeof value !== 'object') return [];
  const issues: Issue[] = [];
  for (const [key, child] of Object.entries(value)) {
    const at = `${path}/${escapePointer(key)}`;
    if (!key.isWellFormed())
      issues.push({ code: 'lone_surrogate', path: at, message: 'the key holds a lone surrogate' });
    issues.push(...loneSurrogateIssues(child, at));
  }
  return issues;
}
