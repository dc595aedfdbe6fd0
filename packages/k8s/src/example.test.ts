import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAttestorPolicy } from '@trustladder/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadKubeConfig } from './client/load-kube-config.js';
import { ReadOnlyClient } from './client/read-only-client.js';
import { expectedPolicies } from './drift/expected-policies.js';
import { observeOnce } from './observe.js';
import { formatReport } from './report/format-report.js';
import { type ExampleCluster, loadExampleCluster } from './testing/example-cluster.js';
import { FakeApiServer } from './testing/fake-api-server.js';
import { writeKubeconfig } from './testing/observer-harness.js';

// examples/observer/ records what `trustladder observe` prints for cluster.json; this test
// runs the observer on the same cluster and fails when the recording is no longer true.
const ROOT = join(import.meta.dirname, '../../..');
const DIR = join(ROOT, 'examples/observer');
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');

describe('examples/observer', () => {
  let fake: FakeApiServer;
  beforeAll(async () => {
    fake = await FakeApiServer.start();
    const attestors = loadAttestorPolicy(readFileSync(join(ROOT, 'policies/attestors.yaml'), 'utf8'));
    loadExampleCluster(fake, JSON.parse(read('cluster.json')) as ExampleCluster, expectedPolicies(attestors));
  });
  afterAll(async () => {
    await fake.close();
  });

  test('report.json and report.txt are what the observer reports for cluster.json', async () => {
    const attestors = loadAttestorPolicy(readFileSync(join(ROOT, 'policies/attestors.yaml'), 'utf8'));
    const loaded = loadKubeConfig({
      kubeconfig: writeKubeconfig(fake, { context: 'acme-prod' }),
      env: {},
      cwd: ROOT,
    });
    const report = await observeOnce({ client: new ReadOnlyClient(loaded), attestors });
    const recorded = JSON.parse(read('report.json'));
    const server = recorded.cluster.server as string;
    // TRUSTLADDER_UPDATE_EXAMPLES=1 rewrites the recording from the observer (then review the diff).
    if (process.env.TRUSTLADDER_UPDATE_EXAMPLES === '1') {
      const fresh = { ...report, at: recorded.at, cluster: { ...report.cluster, server } };
      writeFileSync(join(DIR, 'report.json'), `${JSON.stringify(fresh, null, 2)}\n`);
      writeFileSync(join(DIR, 'report.txt'), formatReport(report).replaceAll(fake.url, server));
    }
    expect({ ...report, at: recorded.at, cluster: { ...report.cluster, server } }).toEqual(recorded);
    expect(formatReport(report).replaceAll(fake.url, server)).toBe(read('report.txt'));
    expect(fake.writes()).toEqual([]);
  });

  test("the README's text block is report.txt, line for line", () => {
    const readme = read('README.md');
    const block = /```text\n([\s\S]*?)```\n/.exec(readme)?.[1];
    expect(block).toBe(read('report.txt'));
  });
});
