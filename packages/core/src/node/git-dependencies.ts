import { posix } from 'node:path';
import type { ManifestReader } from './facts/dependencies/manifest-deps.types.js';
import { readCargoToml } from './facts/dependencies/read-cargo.js';
import { readDockerfile } from './facts/dependencies/read-dockerfile.js';
import { readGoMod } from './facts/dependencies/read-go-mod.js';
import { readGradleCatalog, readPom } from './facts/dependencies/read-maven.js';
import { readNpmManifest } from './facts/dependencies/read-npm.js';
import {
  isLocalPypiPackage,
  pypiName,
  readPyproject,
  readRequirements,
  readTomlPackages,
} from './facts/dependencies/read-python.js';

// Dependency changes of a git range, from its manifests. A manifest we can read (npm
// package.json, go.mod, requirements*.txt, pyproject.toml, Cargo.toml, pom.xml, a Gradle
// version catalog, a Dockerfile's FROM lines) and the lock files that list versions
// (poetry.lock, uv.lock, Cargo.lock) are read at both ends and compared: added, removed,
// updated. Whether a package is allowlisted and its score are not in git, so they are left
// out (see --dependency-facts): unknown to the rules, never safe. A lock file we do not read
// (package-lock.json, go.sum...) follows from the manifest beside it when that was compared;
// any other manifest or lock file, and one that cannot be parsed, gives one "updated"
// dependency named after the file, marked `unread`: something changed, and what is unknown.

export interface GitDependency {
  name: string;
  ecosystem: string;
  change: 'added' | 'removed' | 'updated';
  from?: string;
  to?: string;
  /** The manifest or lock file the change was read from. */
  manifest?: string;
  /** True when the file could not be read: the name is the file's path, not a package. */
  unread?: true;
}

interface Reader {
  readonly ecosystem: string;
  readonly read?: ManifestReader;
  /** A lock file: its changes add to the manifest's, without repeating a name. */
  readonly lock?: boolean;
}

// Cargo.lock: registry and git crates have a `source`; the workspace's own and path crates do not.
const CARGO_LOCK = readTomlPackages(
  (n) => n,
  (entry) => entry.source === undefined,
);
const PYPI_LOCK = readTomlPackages(pypiName, isLocalPypiPackage);

const READERS: ReadonlyArray<[RegExp, Reader]> = [
  [/^package\.json$/, { ecosystem: 'npm', read: readNpmManifest }],
  [
    /^(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$/,
    { ecosystem: 'npm' },
  ],
  [/^go\.mod$/, { ecosystem: 'go', read: readGoMod }],
  [/^go\.sum$/, { ecosystem: 'go' }],
  [/^requirements[^/]*\.txt$/, { ecosystem: 'pypi', read: readRequirements }],
  [/^pyproject\.toml$/, { ecosystem: 'pypi', read: readPyproject }],
  [/^(poetry|uv)\.lock$/, { ecosystem: 'pypi', read: PYPI_LOCK, lock: true }],
  [/^(Pipfile(\.lock)?|setup\.py|setup\.cfg)$/, { ecosystem: 'pypi' }],
  [/^Cargo\.toml$/, { ecosystem: 'cargo', read: readCargoToml }],
  [/^Cargo\.lock$/, { ecosystem: 'cargo', read: CARGO_LOCK, lock: true }],
  [/^(Gemfile(\.lock)?|[^/]*\.gemspec)$/, { ecosystem: 'rubygems' }],
  [/^pom\.xml$/, { ecosystem: 'maven', read: readPom }],
  [/^[^/]*\.versions\.toml$/, { ecosystem: 'maven', read: readGradleCatalog }],
  [/^(build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradle\.lockfile)$/, { ecosystem: 'maven' }],
  [/^(composer\.json|composer\.lock)$/, { ecosystem: 'packagist' }],
  [/^(packages\.lock\.json|[^/]*\.csproj|Directory\.Packages\.props)$/, { ecosystem: 'nuget' }],
  [
    /^(Dockerfile|Containerfile)(\.[^/]+)?$|^[^/]+\.(Dockerfile|Containerfile)$/,
    { ecosystem: 'docker', read: readDockerfile },
  ],
];

function readerOf(path: string): Reader | undefined {
  const name = posix.basename(path);
  return READERS.find(([re]) => re.test(name))?.[1];
}

export function ecosystemOfManifest(path: string): string | undefined {
  return readerOf(path)?.ecosystem;
}

/**
 * @param files the changed paths (new path; old path for renames is read as the base)
 * @param read  reads a file at the base (`'base'`) or head (`'head'`) of the range; undefined when absent
 */
export function dependenciesFromManifests(
  files: ReadonlyArray<{ path: string; previousPath?: string; status: string }>,
  read: (side: 'base' | 'head', path: string) => string | undefined,
): GitDependency[] {
  const out: GitDependency[] = [];
  const parsedDirs = new Set<string>();
  const pending: Array<{ path: string; ecosystem: string }> = [];
  const locks: Array<{ deps: GitDependency[]; dir: string }> = [];
  for (const file of files) {
    const reader = readerOf(file.path);
    if (reader === undefined) continue;
    const { ecosystem } = reader;
    if (reader.read === undefined) {
      pending.push({ path: file.path, ecosystem });
      continue;
    }
    const base =
      file.status === 'added' ? new Map() : parse(reader.read, read('base', file.previousPath ?? file.path));
    const head = file.status === 'deleted' ? new Map() : parse(reader.read, read('head', file.path));
    if (base === undefined || head === undefined) {
      out.push({ name: file.path, ecosystem, change: 'updated', manifest: file.path, unread: true });
      continue;
    }
    const dir = posix.dirname(file.path);
    const changes: GitDependency[] = [];
    for (const [name, to] of head) {
      const from = base.get(name);
      if (from === undefined) changes.push({ name, ecosystem, change: 'added', to, manifest: file.path });
      else if (from !== to)
        changes.push({ name, ecosystem, change: 'updated', from, to, manifest: file.path });
    }
    for (const [name, from] of base)
      if (!head.has(name)) changes.push({ name, ecosystem, change: 'removed', from, manifest: file.path });
    if (reader.lock) locks.push({ deps: changes, dir });
    else {
      parsedDirs.add(`${ecosystem}\u0000${dir}`);
      out.push(...changes);
    }
  }
  // A lock file's changes add the names its manifest did not already report.
  for (const lock of locks) {
    for (const dep of lock.deps) {
      if (!out.some((d) => d.ecosystem === dep.ecosystem && d.name === dep.name && !d.unread)) out.push(dep);
    }
  }
  // A lock file we do not read, beside a manifest that was compared, follows from it; any
  // other manifest or lock file changed something we cannot name.
  for (const { path, ecosystem } of pending) {
    if (parsedDirs.has(`${ecosystem}\u0000${posix.dirname(path)}`)) continue;
    out.push({ name: path, ecosystem, change: 'updated', manifest: path, unread: true });
  }
  return out;
}

function parse(reader: ManifestReader, text: string | undefined): Map<string, string> | undefined {
  if (text === undefined) return new Map();
  try {
    return reader(text);
  } catch {
    return undefined;
  }
}
