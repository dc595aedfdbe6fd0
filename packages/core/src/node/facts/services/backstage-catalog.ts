import type { Issue } from '../../../issues.js';
import { joinPointer } from '../../../issues.js';
import { compilePathMatcher } from './path-matcher.js';
import type { CatalogService } from './service-catalog.types.js';
import { shiftIssues, type YamlDocument } from './yaml-documents.js';

// Backstage `catalog-info.yaml` entities as a service catalog. A `Component` is a service;
// other kinds (System, API, Group, Location...) are skipped. Its paths are the folder the
// catalog file sits in, unless `trustladder.dev/paths` lists globs (comma-separated, from the
// repository top). Guards come from annotations; Backstage has no standard one for them:
//   trustladder.dev/slo: "true" | "false"
//   trustladder.dev/canary: "true" | "false"
//   trustladder.dev/kill-switch: "true" | "false" | the flag's name (looked up with --discover)
// Any other annotation value is an error, not a guess.

const PREFIX = 'trustladder.dev/';
const KNOWN = new Set(['paths', 'slo', 'canary', 'kill-switch']);

export function backstageServices(
  doc: YamlDocument,
  location: { readonly source: string; readonly dir: string; readonly index: number },
  issues: Issue[],
): CatalogService[] {
  const entity = doc.value as Record<string, unknown>;
  if (entity.kind !== 'Component') return [];
  const local: Issue[] = [];
  const metadata = entity.metadata as Record<string, unknown> | undefined;
  const name = metadata?.name;
  if (typeof name !== 'string' || name === '') {
    local.push({ code: 'required', path: '/metadata/name', message: 'a Component has a name' });
    issues.push(...shiftIssues(local, doc));
    return [];
  }
  const annotations = (metadata?.annotations ?? {}) as Record<string, unknown>;
  if (annotations === null || typeof annotations !== 'object' || Array.isArray(annotations))
    local.push({ code: 'type', path: '/metadata/annotations', message: 'annotations are a mapping' });
  const get = (key: string): string | undefined => {
    const value = (annotations as Record<string, unknown>)[PREFIX + key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      local.push({
        code: 'type',
        path: joinPointer('/metadata/annotations', PREFIX + key),
        message: 'must be a string',
      });
      return undefined;
    }
    return value;
  };
  for (const key of Object.keys(annotations ?? {}))
    if (key.startsWith(PREFIX) && !KNOWN.has(key.slice(PREFIX.length)))
      local.push({
        code: 'unknown_annotation',
        path: joinPointer('/metadata/annotations', key),
        message: 'unknown trustladder annotation',
      });
  const flag = (key: string): boolean | undefined => {
    const value = get(key);
    if (value === undefined) return undefined;
    if (value === 'true' || value === 'false') return value === 'true';
    local.push({
      code: 'enum',
      path: joinPointer('/metadata/annotations', PREFIX + key),
      message: 'must be "true" or "false"',
    });
    return undefined;
  };
  const pathsText = get('paths');
  const paths =
    pathsText === undefined
      ? [location.dir === '' ? '**' : `${location.dir}/**`]
      : pathsText
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p !== '');
  if (paths.length === 0)
    local.push({
      code: 'minItems',
      path: joinPointer('/metadata/annotations', `${PREFIX}paths`),
      message: 'lists no glob',
    });
  const { owns, globs } = compilePathMatcher(
    paths,
    [],
    false,
    joinPointer('/metadata/annotations', `${PREFIX}paths`),
    local,
  );
  const slo = flag('slo');
  const canary = flag('canary');
  const killText = get('kill-switch');
  const killSwitch =
    killText === undefined
      ? undefined
      : killText === 'true' || killText === 'false'
        ? killText === 'true'
        : { flag: killText };
  issues.push(...shiftIssues(local, doc));
  return [
    {
      name,
      source: location.source,
      owns,
      globs,
      ...(slo === undefined ? {} : { slo }),
      ...(canary === undefined ? {} : { canary }),
      ...(killSwitch === undefined ? {} : { killSwitch }),
    },
  ];
}
