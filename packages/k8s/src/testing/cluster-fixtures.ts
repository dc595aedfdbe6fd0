import { createHash } from 'node:crypto';
import type { ExpectedPolicy } from '../drift/policy-drift.js';
import type { FakeApiServer, FakeObject } from './fake-api-server.js';

// Realistic objects for the fake API server: namespaces with blast-radius labels, workloads
// with containers, init containers and ephemeral containers, installed Kyverno policies.

/** An image reference pinned by the sha256 of its name (stable across runs). */
export function pinned(name: string): string {
  return `registry.example.com/acme/${name}@sha256:${createHash('sha256').update(name).digest('hex')}`;
}

export function namespace(name: string, blastRadius?: string): FakeObject {
  return {
    metadata: { name, ...(blastRadius === undefined ? {} : { labels: { 'blast-radius': blastRadius } }) },
  };
}

export interface PodImages {
  readonly containers: readonly string[];
  readonly init?: readonly string[];
  readonly ephemeral?: readonly string[];
}

export function podSpec(images: PodImages): Record<string, unknown> {
  return {
    containers: images.containers.map((image, i) => ({ name: i === 0 ? 'app' : `sidecar-${i}`, image })),
    ...(images.init ? { initContainers: images.init.map((image, i) => ({ name: `init-${i}`, image })) } : {}),
    ...(images.ephemeral
      ? {
          ephemeralContainers: images.ephemeral.map((image, i) => ({
            name: `debugger-${i}`,
            image,
            targetContainerName: 'app',
          })),
        }
      : {}),
  };
}

export function pod(
  ns: string,
  name: string,
  images: PodImages,
  owner?: { kind: string; name: string },
): FakeObject {
  return {
    metadata: {
      name,
      namespace: ns,
      ...(owner
        ? {
            ownerReferences: [
              { apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: 'u', controller: true },
            ],
          }
        : {}),
    },
    spec: podSpec(images),
  };
}

export function deployment(ns: string, name: string, images: PodImages): FakeObject {
  return {
    metadata: { name, namespace: ns },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: podSpec(images) },
    },
  };
}

export function cronJob(ns: string, name: string, images: PodImages): FakeObject {
  return {
    metadata: { name, namespace: ns },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: { spec: { template: { spec: { ...podSpec(images), restartPolicy: 'OnFailure' } } } },
    },
  };
}

/** Installs the expected policies as the API server would hold them. */
export function installPolicies(fake: FakeApiServer, expected: readonly ExpectedPolicy[]): void {
  for (const p of expected) {
    const plural = p.kind === 'ImageValidatingPolicy' ? 'imagevalidatingpolicies' : 'validatingpolicies';
    fake.put(plural, JSON.parse(JSON.stringify({ metadata: p.metadata, spec: p.spec })) as FakeObject);
  }
}
