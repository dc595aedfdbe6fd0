import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ManifestDeps } from './manifest-deps.types.js';
import { table, tomlOf } from './read-python.js';

// pom.xml: <dependencies> and <dependencyManagement>, and the <parent>, as groupId:artifactId
// -> version (a `${property}` is kept as written: what changed is the text). Entities are
// refused, as in every XML trustladder reads.
export function readPom(text: string): ManifestDeps | undefined {
  if (/<!ENTITY/i.test(text) || XMLValidator.validate(text) !== true) return undefined;
  const doc = new XMLParser({
    ignoreAttributes: true,
    processEntities: false,
    parseTagValue: false,
    isArray: (name) => name === 'dependency',
  }).parse(text) as Record<string, unknown>;
  const project = table(doc.project);
  if (Object.keys(project).length === 0) return undefined;
  const deps: ManifestDeps = new Map();
  const lists = [
    table(project.dependencies).dependency,
    table(table(project.dependencyManagement).dependencies).dependency,
  ];
  for (const list of lists) {
    for (const entry of Array.isArray(list) ? list : []) {
      const d = table(entry);
      if (typeof d.groupId !== 'string' || typeof d.artifactId !== 'string') return undefined;
      const scope = typeof d.scope === 'string' && d.scope !== 'compile' ? ` (${d.scope})` : '';
      deps.set(`${d.groupId}:${d.artifactId}`, `${typeof d.version === 'string' ? d.version : ''}${scope}`);
    }
  }
  const parent = table(project.parent);
  if (typeof parent.groupId === 'string' && typeof parent.artifactId === 'string')
    deps.set(`${parent.groupId}:${parent.artifactId}`, String(parent.version ?? ''));
  return deps;
}

// Gradle version catalogs (gradle/libs.versions.toml): [libraries] and [plugins], each a
// "group:name:version" string or a table with module or group/name and a version or a
// version.ref into [versions], which is resolved.
export function readGradleCatalog(text: string): ManifestDeps | undefined {
  const doc = tomlOf(text);
  if (doc === undefined) return undefined;
  const versions = table(doc.versions);
  const versionOf = (v: unknown): string | undefined => {
    if (v === undefined) return '';
    if (typeof v === 'string') return v;
    const ref = table(v).ref;
    if (typeof ref === 'string')
      return typeof versions[ref] === 'string'
        ? (versions[ref] as string)
        : JSON.stringify(versions[ref] ?? null);
    return JSON.stringify(v);
  };
  const deps: ManifestDeps = new Map();
  for (const entry of Object.values(table(doc.libraries))) {
    if (typeof entry === 'string') {
      const [group, name, version] = entry.split(':');
      if (!group || !name) return undefined;
      deps.set(`${group}:${name}`, version ?? '');
      continue;
    }
    const e = table(entry);
    const module =
      typeof e.module === 'string'
        ? e.module
        : typeof e.group === 'string' && typeof e.name === 'string'
          ? `${e.group}:${e.name}`
          : undefined;
    const version = versionOf(e.version);
    if (module === undefined || version === undefined) return undefined;
    deps.set(module, version);
  }
  for (const entry of Object.values(table(doc.plugins))) {
    if (typeof entry === 'string') {
      const [id, version] = entry.split(':');
      if (!id) return undefined;
      deps.set(`plugin:${id}`, version ?? '');
      continue;
    }
    const e = table(entry);
    if (typeof e.id !== 'string') return undefined;
    deps.set(`plugin:${e.id}`, versionOf(e.version) ?? '');
  }
  return deps;
}
