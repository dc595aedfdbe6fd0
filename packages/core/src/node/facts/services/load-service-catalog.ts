import { posix } from 'node:path';
import { throwIssues } from '../../../errors.js';
import { type Issue, joinPointer } from '../../../issues.js';
import { validateAgainst } from '../../../load/index.js';
import { invalidArgument } from '../invalid-argument.js';
import { backstageServices } from './backstage-catalog.js';
import { compilePathMatcher } from './path-matcher.js';
import type { CatalogService } from './service-catalog.types.js';
import { parseYamlDocuments, shiftIssues, type YamlDocument } from './yaml-documents.js';

export interface CatalogLocation {
  /** Shown in errors and in the result: the file name as given. */
  readonly source: string;
  /** The catalog's folder relative to the repository top; Backstage paths default under it. */
  readonly dir: string;
}

/**
 * Reads a service catalog: a trustladder ServiceCatalog (schemas/service-catalog.schema.json)
 * or Backstage `catalog-info.yaml` entities. Every problem is reported at once, with its line
 * and JSON pointer; a catalog with any problem yields no service at all.
 */
export function loadServiceCatalog(text: string, location: CatalogLocation): CatalogService[] {
  if (typeof text !== 'string' || typeof location?.source !== 'string' || typeof location.dir !== 'string')
    throw invalidArgument('loadServiceCatalog', 'takes a text and { source, dir }');
  const issues: Issue[] = [];
  const services: CatalogService[] = [];
  if (text.startsWith('\uFEFF'))
    issues.push({ code: 'bom', path: '', message: 'the file starts with a byte-order mark' });
  const docs = issues.length > 0 ? [] : parseYamlDocuments(text);
  if (docs.length === 0 && issues.length === 0)
    issues.push({ code: 'empty', path: '', message: 'the catalog has no document' });
  docs.forEach((doc, index) => {
    if ('issues' in doc) {
      issues.push(...doc.issues);
      return;
    }
    const apiVersion = (doc.value as { apiVersion?: unknown } | null)?.apiVersion;
    if (typeof apiVersion === 'string' && apiVersion.startsWith('backstage.io/')) {
      services.push(...backstageServices(doc, { ...location, index }, issues));
      return;
    }
    if (docs.length > 1) {
      issues.push({
        code: 'multiple_documents',
        path: '',
        message: 'a ServiceCatalog is one YAML document',
        position: { line: doc.line, column: 1 },
      });
      return;
    }
    services.push(...trustladderServices(doc, location, issues));
  });
  const seen = new Set<string>();
  for (const service of services) {
    if (seen.has(service.name))
      issues.push({
        code: 'duplicate_service',
        path: '',
        message: `the service "${service.name}" is defined twice`,
      });
    seen.add(service.name);
  }
  if (issues.length > 0)
    throwIssues('INVALID_DOCUMENT', 'the service catalog is invalid', issues, location.source);
  return services;
}

interface ServiceEntry {
  name: string;
  paths: string[];
  exclude?: string[];
  ignoreCase?: boolean;
  slo?: boolean;
  canary?: boolean;
  killSwitch?: boolean | { flag: string };
}

function trustladderServices(
  doc: YamlDocument,
  location: CatalogLocation,
  issues: Issue[],
): CatalogService[] {
  const schemaIssues = validateAgainst('service-catalog', doc.value, doc.positions);
  if (schemaIssues.length > 0) {
    issues.push(...shiftIssues(schemaIssues, doc));
    return [];
  }
  const entries = (doc.value as { services: ServiceEntry[] }).services;
  return entries.map((entry, i) => {
    const at = joinPointer('/services', i);
    const { owns, globs } = compilePathMatcher(
      entry.paths,
      entry.exclude ?? [],
      entry.ignoreCase === true,
      at,
      issues,
    );
    return {
      name: entry.name,
      source: location.source,
      owns,
      globs,
      ...(entry.slo === undefined ? {} : { slo: entry.slo }),
      ...(entry.canary === undefined ? {} : { canary: entry.canary }),
      ...(entry.killSwitch === undefined ? {} : { killSwitch: entry.killSwitch }),
    };
  });
}

/** The folder of a catalog file relative to the top, "" at the top. */
export function catalogDir(relativeFile: string): string {
  const dir = posix.dirname(relativeFile);
  return dir === '.' ? '' : dir;
}
