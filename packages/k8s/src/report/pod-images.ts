import type { KubernetesObject } from '@kubernetes/client-node';
import type { WorkloadKind } from '../cluster/resources.js';

/** Where in a pod an image is used. */
export type ImageSlot = 'container' | 'initContainer' | 'ephemeralContainer' | 'imageVolume';

export interface PodImage {
  readonly slot: ImageSlot;
  /** The container's (or volume's) name. */
  readonly name: string;
  /** The image reference as written; "" when it is missing. */
  readonly image: string;
}

// The same test the generated ImageValidatingPolicy applies (`@sha256:[0-9a-f]{64}$`), so the
// observer calls pinned exactly what admission would admit. `repo:tag@sha256:...` is pinned
// (the digest decides what runs); other algorithms and upper-case hex are not.
const DIGEST = /@sha256:[0-9a-f]{64}$/;

export function isPinnedByDigest(image: string): boolean {
  return DIGEST.test(image);
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;

/** The pod spec of a workload: the pod's own, a template's, or a CronJob's job template's. */
export function podSpecOf(kind: WorkloadKind, o: KubernetesObject): unknown {
  const spec = obj((o as { spec?: unknown }).spec);
  switch (kind) {
    case 'Pod':
      return spec;
    case 'CronJob':
      return obj(obj(obj(obj(spec?.jobTemplate)?.spec)?.template)?.spec);
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      return obj(obj(spec?.template)?.spec);
  }
}

// Every image a pod spec runs or mounts: containers, init containers, ephemeral containers
// and image volumes. A spec that cannot be read yields one empty, unpinned entry: what cannot
// be seen is never reported as pinned.
export function podImages(spec: unknown): PodImage[] {
  const s = obj(spec);
  if (!s) return [{ slot: 'container', name: '', image: '' }];
  const out: PodImage[] = [];
  const slots: ReadonlyArray<[ImageSlot, string]> = [
    ['container', 'containers'],
    ['initContainer', 'initContainers'],
    ['ephemeralContainer', 'ephemeralContainers'],
  ];
  for (const [slot, field] of slots) {
    const list = s[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      out.push({ slot, name: '', image: '' });
      continue;
    }
    for (const c of list) {
      const container = obj(c);
      out.push({ slot, name: text(container?.name), image: text(container?.image) });
    }
  }
  const volumes = s.volumes;
  if (Array.isArray(volumes)) {
    for (const v of volumes) {
      const volume = obj(v);
      const image = obj(volume?.image);
      if (image) out.push({ slot: 'imageVolume', name: text(volume?.name), image: text(image.reference) });
    }
  }
  return out;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
