import { posix } from 'node:path';

// Dependency changes of a git range, from its manifests. npm manifests (package.json) are
// read at both ends and compared: added, removed, updated. Whether a package is allowlisted
// and its score are not in git, so they are left out: unknown to the rules, never safe. A
// manifest or lock file of another ecosystem, or one that cannot be parsed, gives one
// "updated" dependency named after the file: something changed, and what is unknown.

export interface GitDependency {
  name: string;
  ecosystem: string;
  change: 'added' | 'removed' | 'updated';
  from?: string;
  to?: string;
}

const NPM_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

const ECOSYSTEM_FILES: ReadonlyArray<[RegExp, string]> = [
  [/^(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$/, 'npm'],
  [/^(go\.mod|go\.sum)$/, 'go'],
  [
    /^(requirements[^/]*\.txt|pyproject\.toml|poetry\.lock|Pipfile(\.lock)?|uv\.lock|setup\.py|setup\.cfg)$/,
    'pypi',
  ],
  [/^(Cargo\.toml|Cargo\.lock)$/, 'cargo'],
  [/^(Gemfile(\.lock)?|[^/]*\.gemspec)$/, 'rubygems'],
  [/^(pom\.xml|build\.gradle(\.kts)?|gradle\.lockfile)$/, 'maven'],
  [/^(composer\.json|composer\.lock)$/, 'packagist'],
  [/^(packages\.lock\.json|[^/]*\.csproj|Directory\.Packages\.props)$/, 'nuget'],
];

export function ecosystemOfManifest(path: string): string | undefined {
  const name = posix.basename(path);
  if (name === 'package.json') return 'npm';
  return ECOSYSTEM_FILES.find(([re]) => re.test(name))?.[1];
}

type Deps = Map<string, string>;

function npmDependencies(text: string | undefined): Deps | undefined {
  if (text === undefined) return new Map();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (json === null || typeof json !== 'object') return undefined;
  const deps: Deps = new Map();
  for (const section of NPM_SECTIONS) {
    const entries = (json as Record<string, unknown>)[section];
    if (entries === undefined) continue;
    if (entries === null || typeof entries !== 'object') return undefined;
    for (const [name, version] of Object.entries(entries)) deps.set(name, String(version));
  }
  return deps;
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
  for (const file of files) {
    const ecosystem = ecosystemOfManifest(file.path);
    if (ecosystem === undefined) continue;
    if (posix.basename(file.path) !== 'package.json') {
      pending.push({ path: file.path, ecosystem });
      continue;
    }
    const base = npmDependencies(
      file.status === 'added' ? undefined : read('base', file.previousPath ?? file.path),
    );
    const head = npmDependencies(file.status === 'deleted' ? undefined : read('head', file.path));
    if (base === undefined || head === undefined) {
      out.push({ name: file.path, ecosystem, change: 'updated' });
      continue;
    }
    parsedDirs.add(posix.dirname(file.path));
    for (const [name, to] of head) {
      const from = base.get(name);
      if (from === undefined) out.push({ name, ecosystem, change: 'added', to });
      else if (from !== to) out.push({ name, ecosystem, change: 'updated', from, to });
    }
    for (const [name, from] of base)
      if (!head.has(name)) out.push({ name, ecosystem, change: 'removed', from });
  }
  // A lock file beside a package.json that was compared follows from it; any other manifest
  // or lock file changed something we cannot name.
  for (const { path, ecosystem } of pending) {
    if (ecosystem === 'npm' && parsedDirs.has(posix.dirname(path))) continue;
    out.push({ name: path, ecosystem, change: 'updated' });
  }
  return out;
}
