// CEL fragments shared by the generated policies. Strings put into CEL literals come from
// attestors.yaml, whose schema forbids quotes and backslashes in them; celString escapes anyway.

/** A CEL single-quoted string literal. */
export function celString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A CEL list of string literals. */
export function celStringList(values: readonly string[]): string {
  return `[${values.map(celString).join(', ')}]`;
}

// Every image a pod runs or mounts: containers, init containers, ephemeral containers
// (Kyverno extracts these three for pods), and image volumes, read from the pod itself so
// they are covered whatever the Kyverno version extracts.
export const ALL_POD_IMAGES =
  '(images.containers + images.initContainers + images.ephemeralContainers + ' +
  'object.spec.?volumes.orValue([]).filter(v, has(v.image)).map(v, v.image.reference))';
