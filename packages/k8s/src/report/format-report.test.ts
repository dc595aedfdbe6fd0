import { describe, expect, test } from 'vitest';
import { type PolicyKind, WORKLOAD_KINDS, type WorkloadKind } from '../cluster/resources.js';
import type { SourceState } from '../cluster/snapshot.types.js';
import { expectedPolicies } from '../drift/expected-policies.js';
import { tierLadderView } from '../ladder/ladder-view.js';
import { deployment, namespace, pinned, pod } from '../testing/cluster-fixtures.js';
import { defaultAttestors } from '../testing/observer-harness.js';
import { buildReport } from './build-report.js';
import { formatReport } from './format-report.js';

const attestors = defaultAttestors();
const expected = expectedPolicies(attestors);

function synced(...objects: object[]): SourceState {
  return { state: 'synced', objects: objects as never };
}

async function report(workloads: Partial<Record<WorkloadKind, SourceState>>, policies: SourceState) {
  return buildReport({
    snapshot: {
      namespaces: synced(
        namespace('payments', 't3'),
        namespace('checkout', 't2'),
        namespace('legacy', 'high'),
      ),
      workloads: new Map(
        WORKLOAD_KINDS.map((k): [WorkloadKind, SourceState] => [k, workloads[k] ?? synced()]),
      ),
      policies: new Map<PolicyKind, SourceState>([
        ['ImageValidatingPolicy', policies],
        ['ValidatingPolicy', synced(...expected.filter((p) => p.kind === 'ValidatingPolicy'))],
      ]),
    },
    cluster: { server: 'https://203.0.113.10:6443', context: 'prod-eu' },
    attestors,
    expected,
    rbac: { state: 'read-only', namespace: 'trustladder-system', incomplete: false, writeGrants: [] },
    ladder: tierLadderView(attestors),
    now: new Date('2026-05-01T00:00:00Z'),
  });
}

describe('formatReport', () => {
  test('a clean report in a few lines', async () => {
    const r = await report({}, synced(...expected.filter((p) => p.kind === 'ImageValidatingPolicy')));
    expect(formatReport(r)).toMatchInlineSnapshot(`
      "trustladder observe https://203.0.113.10:6443 (context prod-eu, attestors default sha256:069470030cbc)
        RBAC        read-only (rules review in trustladder-system)
        Namespaces  checkout T2, legacy unknown (blast-radius="high"), payments T3
        Kyverno     8 expected, 0 missing, 0 changed, 0 extra
        Images      every image in T2, T3 and unknown-tier namespaces is pinned by digest
      no findings
      "
    `);
  });

  test('findings: drift, unpinned images, folded owned objects, an unavailable source', async () => {
    const api = deployment('payments', 'api', { containers: [pinned('api')], init: ['acme/migrate:1.4'] });
    const owned = pod(
      'payments',
      'api-7d9f-x2',
      { containers: [pinned('api')], init: ['acme/migrate:1.4'] },
      { kind: 'Deployment', name: 'api' },
    );
    const debugged = pod(
      'payments',
      'api-7d9f-y3',
      { containers: [pinned('api')], init: ['acme/migrate:1.4'], ephemeral: ['busybox:1.36'] },
      { kind: 'Deployment', name: 'api' },
    );
    const r = await report(
      {
        Deployment: synced(api),
        Pod: synced(owned, debugged),
        Job: { state: 'error', problem: 'HTTP 500: Internal Server Error', objects: [] },
      },
      synced(
        ...expected.filter(
          (p) => p.metadata.name !== 'trustladder-t2-attestations' && p.kind === 'ImageValidatingPolicy',
        ),
      ),
    );
    expect(formatReport(r)).toMatchInlineSnapshot(`
      "trustladder observe https://203.0.113.10:6443 (context prod-eu, attestors default sha256:069470030cbc)
        RBAC        read-only (rules review in trustladder-system)
        Namespaces  checkout T2, legacy unknown (blast-radius="high"), payments T3
        Kyverno     8 expected, 1 missing, 0 changed, 0 extra
          missing  ImageValidatingPolicy trustladder-t2-attestations
        Images      3 workloads in T2, T3 or unknown-tier namespaces run images not pinned by digest
          payments T3  blast-radius T3: admission requires images pinned by digest with attestations from agent-build (https://slsa.dev/provenance/v1), human-approval (https://trustladder.dev/attestations/approval/v1)
            Deployment api
              initContainer init-0  acme/migrate:1.4
            Pod api-7d9f-y3
              initContainer init-0  acme/migrate:1.4
              ephemeralContainer debugger-0  busybox:1.36
          (+1 owned by the workloads above, with the same images)
        ! jobs error: HTTP 500: Internal Server Error
      5 findings
      "
    `);
  });
});
