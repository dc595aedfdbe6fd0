import { propConfig } from '@trustladder/core/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildPolicies } from '../generate/generate.js';
import { defaultAttestors } from '../testdata/policies.js';
import { type AdmissionRequest, type SignatureTable, simulateAdmission } from './admission.js';

const SLSA = 'https://slsa.dev/provenance/v1';
const APPROVAL = 'https://trustladder.dev/attestations/approval/v1';
const policies = buildPolicies(defaultAttestors());
const cluster = { namespaces: { payments: { 'blast-radius': 't3' }, scratch: {} } };

// An image: pinned by digest or by tag, and what its attestations are signed by.
const image = fc.record({
  name: fc.constantFrom('api', 'worker', 'migrate', 'debug', 'sidecar'),
  pinned: fc.boolean(),
  agent: fc.boolean(),
  human: fc.boolean(),
});
type Image = typeof image extends fc.Arbitrary<infer T> ? T : never;
const ref = (i: Image, n: number) =>
  i.pinned
    ? `ghcr.io/acme/${i.name}-${n}@sha256:${n.toString(16).padStart(64, '0')}`
    : `ghcr.io/acme/${i.name}-${n}:v${n}`;

describe('T3 admission (property)', () => {
  test('a pod in a t3 namespace is admitted exactly when every image is pinned and signed by both attestors', () => {
    fc.assert(
      fc.property(
        fc.array(image, { minLength: 1, maxLength: 3 }),
        fc.array(image, { maxLength: 2 }),
        fc.array(image, { maxLength: 2 }),
        fc.constantFrom('payments', 'scratch'),
        (containers, init, debug, namespace) => {
          let n = 0;
          const signatures: Record<string, Record<string, string[]>> = {};
          const refs = (list: Image[]) =>
            list.map((i) => {
              const r = ref(i, n++);
              signatures[r] = {
                [SLSA]: i.agent ? ['agent-build'] : [],
                [APPROVAL]: i.human ? ['human-approval'] : [],
              };
              return r;
            });
          const spec = {
            containers: refs(containers).map((image, k) => ({ name: `c${k}`, image })),
            initContainers: refs(init).map((image, k) => ({ name: `i${k}`, image })),
            ephemeralContainers: refs(debug).map((image, k) => ({ name: `d${k}`, image })),
          };
          const request: AdmissionRequest = {
            operation: 'CREATE',
            resource: { group: '', version: 'v1', resource: 'pods' },
            namespace,
            object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace }, spec },
            userInfo: { username: 'alice', groups: ['system:authenticated'] },
          };
          const all = [...containers, ...init, ...debug];
          const expected = namespace === 'scratch' || all.every((i) => i.pinned && i.agent && i.human);
          const decision = simulateAdmission(policies, request, cluster, signatures as SignatureTable);
          expect(decision.allowed).toBe(expected);
        },
      ),
      propConfig(1000),
    );
  });
});
