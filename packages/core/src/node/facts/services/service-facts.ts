import { GlobSet } from '../../../classify/glob/glob-set.js';
import { normalisePath } from '../../../classify/normalise-path.js';
import { invalidArgument, isObject } from '../invalid-argument.js';
import type { DiscoveredGuards } from './discover-guards.js';
import type { CatalogService, GuardName } from './service-catalog.types.js';

// The `service` fact of a change, from a catalog. When every changed path (both paths of a
// rename) lies in one and the same service, `service` is that service's guards. When the
// change touches several services, or also touches paths in no service, `service` stays
// unknown and the result names them: one service's guards say nothing about the rest.
// When it touches none, `service` stays unknown. A guard is present when the catalog says
// true, or (with discovery) a manifest shows it; where each one came from is recorded.

export interface GuardOrigin {
  readonly value: boolean;
  /** "catalog <file>", or the manifests that showed it, or "not stated". */
  readonly from: readonly string[];
}

export interface ServiceFacts {
  readonly service: { name: string; slo?: boolean; canary?: boolean; killSwitch?: boolean } | undefined;
  /** The services the change touches, by name, sorted. */
  readonly touched: readonly string[];
  /** Changed paths that belong to no service, sorted. */
  readonly outside: readonly string[];
  /** For the one service: where each guard came from. */
  readonly guards?: Readonly<Record<GuardName, GuardOrigin>>;
}

export function serviceFacts(
  files: ReadonlyArray<{ readonly path: string; readonly previousPath?: string }>,
  services: readonly CatalogService[],
  discovered?: DiscoveredGuards,
): ServiceFacts {
  if (!Array.isArray(files) || !files.every((f) => isObject(f) && typeof f.path === 'string'))
    throw invalidArgument('serviceFacts', 'files is a list of { path, previousPath? }');
  if (!Array.isArray(services) || !services.every((s) => isObject(s) && typeof s.owns === 'function'))
    throw invalidArgument('serviceFacts', 'services come from loadServiceCatalog');
  if (!services.every((s) => Array.isArray(s.globs)))
    throw invalidArgument('serviceFacts', 'services come from loadServiceCatalog');
  // One GlobSet over every service's globs: a path is walked once, whatever the catalog's
  // size; the candidates it names are then checked against their own paths and excludes.
  const index = new GlobSet();
  services.forEach((service, i) => {
    for (const glob of service.globs) index.add(i, glob);
  });
  const touched = new Set<string>();
  const outside = new Set<string>();
  for (const file of files) {
    for (const raw of file.previousPath === undefined ? [file.path] : [file.path, file.previousPath]) {
      // Matched as the policy matches it: normalised. A path that cannot be normalised belongs
      // to no service, which keeps `service` unknown.
      const normal = normalisePath(raw);
      const path = normal.ok ? normal.path : raw;
      const owners = normal.ok
        ? index.match(path).flatMap((i) => (services[i]?.owns(path) ? [services[i]] : []))
        : [];
      if (owners.length === 0) outside.add(path);
      for (const owner of owners) touched.add(owner.name);
    }
  }
  const names = [...touched].sort();
  const base = { touched: names, outside: [...outside].sort() };
  const only =
    names.length === 1 && outside.size === 0 ? services.find((s) => s.name === names[0]) : undefined;
  if (only === undefined) return { service: undefined, ...base };
  const guards = {
    slo: guard(only, 'slo', discovered?.slo.get(only.name)),
    canary: guard(only, 'canary', discovered?.canary.get(only.name)),
    killSwitch: killSwitchGuard(only, discovered),
  };
  const service: { name: string; slo?: boolean; canary?: boolean; killSwitch?: boolean } = {
    name: only.name,
  };
  for (const key of ['slo', 'canary', 'killSwitch'] as const) {
    if (guards[key].from.length > 0) service[key] = guards[key].value;
  }
  return { service, ...base, guards };
}

function guard(
  service: CatalogService,
  key: 'slo' | 'canary',
  found: readonly string[] | undefined,
): GuardOrigin {
  const stated = service[key];
  if (stated !== undefined) return { value: stated, from: [`catalog ${service.source}`] };
  if (found && found.length > 0) return { value: true, from: [...found].sort() };
  return { value: false, from: [] };
}

function killSwitchGuard(service: CatalogService, discovered: DiscoveredGuards | undefined): GuardOrigin {
  const stated = service.killSwitch;
  if (typeof stated === 'boolean') return { value: stated, from: [`catalog ${service.source}`] };
  if (stated === undefined) return { value: false, from: [] };
  const found = discovered?.flags.get(stated.flag);
  if (found && found.length > 0) return { value: true, from: [...found].sort() };
  return { value: false, from: [] };
}
