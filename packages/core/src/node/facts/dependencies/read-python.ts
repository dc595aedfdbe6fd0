import { parse } from 'smol-toml';
import type { ManifestDeps } from './manifest-deps.types.js';

// Python manifests. Names are normalised as PyPI does (PEP 503: lowercase, runs of `-_.`
// become `-`), so `Flask` and `flask` are one package. A PEP 508 requirement is name,
// optional extras, then the version specifier and markers, kept as the version.
const PEP508 = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/;

export function pypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function addRequirement(spec: string, deps: ManifestDeps): boolean {
  const m = PEP508.exec(spec.trim());
  if (!m) return false;
  deps.set(pypiName(m[1] as string), (m[3] ?? '').trim());
  return true;
}

// requirements*.txt: one requirement a line; comments, blank lines, hashes and index options
// are fine. An include (-r, -c), an editable or a URL install names something this file does
// not hold, so the file cannot be read alone: undefined, an unnamed change.
export function readRequirements(text: string): ManifestDeps | undefined {
  const deps: ManifestDeps = new Map();
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw
      .replace(/(^|\s)#.*$/, '')
      .replace(/\s--hash=\S+/g, '')
      .trim();
    if (line === '') continue;
    if (
      /^(--index-url|--extra-index-url|-i|--trusted-host|--prefer-binary|--only-binary|--no-binary|--pre)\b/.test(
        line,
      )
    )
      continue;
    if (line.startsWith('-') || /^[a-z+]+:\/\//i.test(line) || line.startsWith('.') || line.startsWith('/'))
      return undefined;
    if (!addRequirement(line, deps)) return undefined;
  }
  return deps;
}

// pyproject.toml: PEP 621 [project] dependencies and optional-dependencies, PEP 735
// [dependency-groups], and Poetry's [tool.poetry.*dependencies] tables.
export function readPyproject(text: string): ManifestDeps | undefined {
  const doc = tomlOf(text);
  if (doc === undefined) return undefined;
  const deps: ManifestDeps = new Map();
  const project = table(doc.project);
  const lists: unknown[] = [project.dependencies, ...Object.values(table(project['optional-dependencies']))];
  lists.push(...Object.values(table(doc['dependency-groups'])));
  for (const list of lists) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) return undefined;
    for (const spec of list) {
      if (typeof spec === 'object' && spec !== null) continue; // a PEP 735 include-group
      if (typeof spec !== 'string' || !addRequirement(spec, deps)) return undefined;
    }
  }
  const poetry = table(table(doc.tool).poetry);
  const poetryTables = [poetry.dependencies, poetry['dev-dependencies']];
  for (const group of Object.values(table(poetry.group))) poetryTables.push(table(group).dependencies);
  for (const entries of poetryTables) {
    for (const [name, value] of Object.entries(table(entries))) {
      if (name.toLowerCase() === 'python') continue;
      deps.set(pypiName(name), typeof value === 'string' ? value : JSON.stringify(value));
    }
  }
  return deps;
}

// Lock files with `[[package]]` name/version entries: poetry.lock, uv.lock and Cargo.lock.
// `isLocal` says which entries are the project's own code (uv's editable or virtual root and
// path sources; Cargo's workspace and path crates, which have no `source`): they are not
// dependencies, and bumping their version is not a supply-chain change.
export function readTomlPackages(
  normalise: (name: string) => string,
  isLocal: (entry: Record<string, unknown>) => boolean,
): (text: string) => ManifestDeps | undefined {
  return (text) => {
    const doc = tomlOf(text);
    if (doc === undefined) return undefined;
    const packages = doc.package ?? [];
    if (!Array.isArray(packages)) return undefined;
    const deps: ManifestDeps = new Map();
    for (const entry of packages) {
      const { name, version } = table(entry);
      if (typeof name !== 'string' || (version !== undefined && typeof version !== 'string'))
        return undefined;
      if (isLocal(table(entry))) continue;
      const key = normalise(name);
      const previous = deps.get(key);
      const value = version ?? '';
      // A lock can hold two versions of one package: keep both, in a stable order.
      deps.set(key, previous === undefined ? value : [previous, value].sort().join(', '));
    }
    return deps;
  };
}

export function tomlOf(text: string): Record<string, unknown> | undefined {
  try {
    return parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export function table(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** uv.lock: the project itself and path dependencies have an editable, virtual or directory source. */
export function isLocalPypiPackage(entry: Record<string, unknown>): boolean {
  const source = table(entry.source);
  return ['editable', 'virtual', 'directory', 'path'].some((key) => key in source);
}
