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

// Every image a pod runs or mounts: image volumes, then containers, init containers and
// ephemeral containers (Kyverno extracts these three for pods). Volumes are read from the pod
// itself so they are covered whatever the Kyverno version extracts; one without a reference
// counts as the empty image, which no digest check passes. Kyverno's autogen rewrites
// `object.spec` to the pod template of Deployments, Jobs, CronJobs and the other controllers.
//
// Volumes come first because of a Kyverno 1.19 bug found with its engine: the image cache of
// one admission request (kyverno/sdk imagedataloader, imageContext.Get) keeps its read lock on
// a cache hit, so a later miss waits for the write lock forever. Container images are fetched
// up front, volume images are not: listed after a container, a volume image is a miss after a
// hit, and the request hangs until the webhook times out (denied, by failurePolicy: Fail, even
// when every image is signed). Listed first, every miss comes before the first hit.
export const ALL_POD_IMAGES =
  "(object.spec.?volumes.orValue([]).filter(v, has(v.image)).map(v, v.image.?reference.orValue('')) + " +
  'images.containers + images.initContainers + images.ephemeralContainers)';
