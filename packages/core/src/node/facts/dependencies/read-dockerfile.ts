import { DockerfileParser } from 'dockerfile-ast';
import type { ManifestDeps } from './manifest-deps.types.js';

// Container base images: every `FROM` of a Dockerfile, parsed by dockerfile-ast (the VS Code
// Docker language server's parser, which knows line continuations, flags and stage names).
// An image is named without its tag or digest; the tag and digest are its version. `scratch`
// and references to an earlier build stage are not images. An image built from an ARG that
// cannot be resolved is kept as written: a change to it is still a named change.
export function readDockerfile(text: string): ManifestDeps | undefined {
  let froms: ReturnType<ReturnType<typeof DockerfileParser.parse>['getFROMs']>;
  try {
    froms = DockerfileParser.parse(text).getFROMs();
  } catch {
    return undefined;
  }
  const deps: ManifestDeps = new Map();
  const stages = new Set<string>();
  for (const from of froms) {
    const image = from.getImage();
    if (image === null || image === '') return undefined;
    // The registry is part of the name (getImageName drops it): another registry is another image.
    const { name, version } = splitImage(image);
    if (name !== 'scratch' && !stages.has(image.toLowerCase())) {
      const previous = deps.get(name);
      deps.set(
        name,
        previous === undefined || previous === version ? version : [previous, version].sort().join(', '),
      );
    }
    const stage = from.getBuildStage();
    if (stage) stages.add(stage.toLowerCase());
  }
  return deps;
}

function splitImage(image: string): { name: string; version: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at) : '';
  const rest = at >= 0 ? image.slice(0, at) : image;
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : '';
  const name = colon > rest.lastIndexOf('/') ? rest.slice(0, colon) : rest;
  return { name, version: `${tag}${digest}` || 'latest' };
}
