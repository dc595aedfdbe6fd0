import type { ManifestDeps } from './manifest-deps.types.js';
import { table, tomlOf } from './read-python.js';

// Cargo.toml: [dependencies], [dev-dependencies], [build-dependencies], the same under
// [target.'cfg'.*] and [workspace.dependencies]. A dependency is a version string or a
// table (version, git, path, features...), kept as its JSON so that any change shows.
const SECTIONS = ['dependencies', 'dev-dependencies', 'build-dependencies'];

export function readCargoToml(text: string): ManifestDeps | undefined {
  const doc = tomlOf(text);
  if (doc === undefined) return undefined;
  const deps: ManifestDeps = new Map();
  const tables = [doc, table(doc.workspace), ...Object.values(table(doc.target)).map(table)];
  for (const t of tables) {
    for (const section of SECTIONS) {
      for (const [name, spec] of Object.entries(table(t[section]))) {
        const key = typeof table(spec).package === 'string' ? (table(spec).package as string) : name;
        deps.set(key, typeof spec === 'string' ? spec : JSON.stringify(spec));
      }
    }
  }
  return deps;
}
