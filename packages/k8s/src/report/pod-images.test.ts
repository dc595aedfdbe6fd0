import { describe, expect, test } from 'vitest';
import { isPinnedByDigest, podImages, podSpecOf } from './pod-images.js';

const HEX = 'a'.repeat(64);

describe('isPinnedByDigest', () => {
  test.each([
    [`registry.example.com/acme/api@sha256:${HEX}`, true],
    [`acme/api:1.2@sha256:${HEX}`, true],
    ['acme/api:1.2', false],
    ['acme/api', false],
    [`acme/api@sha256:${'A'.repeat(64)}`, false],
    [`acme/api@sha256:${HEX.slice(1)}`, false],
    [`acme/api@sha512:${'a'.repeat(128)}`, false],
    [`acme/api@sha256:${HEX}:latest`, false],
    ['', false],
  ])('%s -> %s', (image, pinned) => {
    expect(isPinnedByDigest(image)).toBe(pinned);
  });
});

describe('podImages', () => {
  test('reads containers, init containers, ephemeral containers and image volumes', () => {
    expect(
      podImages({
        containers: [{ name: 'app', image: 'a' }],
        initContainers: [{ name: 'init', image: 'b' }],
        ephemeralContainers: [{ name: 'dbg', image: 'c' }],
        volumes: [
          { name: 'cfg', configMap: {} },
          { name: 'model', image: { reference: 'd' } },
        ],
      }).map((i) => `${i.slot}:${i.name}:${i.image}`),
    ).toEqual(['container:app:a', 'initContainer:init:b', 'ephemeralContainer:dbg:c', 'imageVolume:model:d']);
  });

  test('what cannot be read is reported as an unpinned empty image', () => {
    expect(podImages(undefined)).toEqual([{ slot: 'container', name: '', image: '' }]);
    expect(podImages({ containers: 'x' })).toEqual([{ slot: 'container', name: '', image: '' }]);
    expect(podImages({ containers: [{ name: 'app' }] })).toEqual([
      { slot: 'container', name: 'app', image: '' },
    ]);
  });

  test("finds a CronJob's pod spec under its job template", () => {
    const spec = { containers: [{ name: 'c', image: 'x' }] };
    expect(
      podSpecOf('CronJob', {
        metadata: {},
        spec: { jobTemplate: { spec: { template: { spec } } } },
      } as never),
    ).toBe(spec);
    expect(podSpecOf('Deployment', { metadata: {}, spec: { template: { spec } } } as never)).toBe(spec);
    expect(podSpecOf('Pod', { metadata: {}, spec } as never)).toBe(spec);
  });
});
