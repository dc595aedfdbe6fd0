import yaml from 'js-yaml';

// The one place objects become YAML: block style, no line folding, no anchors, keys in the
// order the objects were built, so the same input always gives byte-identical files.
export function toYaml(documents: readonly unknown[], header?: string): string {
  const body = documents
    .map((d) => yaml.dump(d, { lineWidth: -1, noRefs: true, sortKeys: false, quotingType: '"' }))
    .join('---\n');
  return header ? `${header}${body}` : body;
}
