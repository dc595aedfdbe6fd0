import type { ManifestDeps } from './manifest-deps.types.js';

// npm package.json: dependencies of every kind, name -> version range.
const NPM_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

export function readNpmManifest(text: string): ManifestDeps | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (json === null || typeof json !== 'object') return undefined;
  const deps: ManifestDeps = new Map();
  for (const section of NPM_SECTIONS) {
    const entries = (json as Record<string, unknown>)[section];
    if (entries === undefined) continue;
    if (entries === null || typeof entries !== 'object') return undefined;
    for (const [name, version] of Object.entries(entries)) deps.set(name, String(version));
  }
  return deps;
}
