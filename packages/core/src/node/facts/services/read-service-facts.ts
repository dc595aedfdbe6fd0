import { join, relative, resolve, sep } from 'node:path';
import { TrustladderError } from '../../../errors.js';
import { readFactFile } from '../read-fact-file.js';
import { type DiscoveredGuards, discoverGuards } from './discover-guards.js';
import { catalogDir, loadServiceCatalog } from './load-service-catalog.js';
import type { CatalogService } from './service-catalog.types.js';

const MAX_CATALOG_BYTES = 4 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 1024 * 1024;
const MAX_MANIFESTS = 50_000;
const MANIFEST = /\.(ya?ml|json)$/i;

/** Reads one or more catalog files (names relative to `cwd`); their services must not repeat. */
export function readServiceCatalogs(
  files: readonly string[],
  context: { cwd: string; top: string },
): CatalogService[] {
  const all: CatalogService[] = [];
  for (const file of files) {
    const absolute = resolve(context.cwd, file);
    const rel = relative(context.top, absolute).split(sep).join('/');
    const dir = rel.startsWith('..') ? '' : catalogDir(rel);
    const services = loadServiceCatalog(readFactFile(absolute, file, MAX_CATALOG_BYTES), {
      source: file,
      dir,
    });
    for (const service of services) {
      const other = all.find((s) => s.name === service.name);
      if (other)
        throw new TrustladderError('INVALID_DOCUMENT', `the service "${service.name}" is in two catalogs`, {
          source: file,
          issues: [
            {
              code: 'duplicate_service',
              path: '',
              message: `the service "${service.name}" is also in ${other.source}`,
            },
          ],
        });
      all.push(service);
    }
  }
  return all;
}

/**
 * Reads the YAML and JSON files git tracks (working tree) and finds guards in them. Large
 * files are skipped: manifests are small, and skipping can only leave a guard unfound.
 */
export function discoverGuardsInRepository(top: string, tracked: readonly string[]): DiscoveredGuards {
  const manifests = function* () {
    let count = 0;
    for (const path of tracked) {
      if (!MANIFEST.test(path)) continue;
      if (++count > MAX_MANIFESTS) return;
      let text: string;
      try {
        text = readFactFile(join(top, path), path, MAX_MANIFEST_BYTES);
      } catch {
        continue;
      }
      yield { path, text };
    }
  };
  return discoverGuards(manifests());
}
