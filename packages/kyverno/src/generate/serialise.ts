import { dump } from 'js-yaml';

// The one place objects become YAML: block style, no line folding, no anchors, keys in the
// order the objects were built (js-yaml's default), strings that need quotes in double
// quotes, so the same input always gives byte-identical files.
export function toYaml(documents: readonly unknown[], header?: string): string {
  const body = documents
    .map((d) => dump(d, { lineWidth: -1, noRefs: true, quoteStyle: 'double' }))
    .join('---\n');
  return header ? `${header}${body}` : body;
}
