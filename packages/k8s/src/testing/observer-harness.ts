import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CompiledAttestorPolicy, DEFAULT_POLICY_TEXTS, loadAttestorPolicy } from '@trustladder/core';
import { loadKubeConfig } from '../client/load-kube-config.js';
import { ReadOnlyClient } from '../client/read-only-client.js';
import type { GuardDecision } from '../client/request-guard.js';
import type { FakeApiServer } from './fake-api-server.js';

/** The default policies/attestors.yaml, compiled. */
export function defaultAttestors(): CompiledAttestorPolicy {
  return loadAttestorPolicy(DEFAULT_POLICY_TEXTS.attestors, { source: 'policies/attestors.yaml' });
}

/** Writes the fake's kubeconfig to a temporary file and returns its path. */
export function writeKubeconfig(
  fake: FakeApiServer,
  options: { context?: string; namespace?: string } = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'tl-kubeconfig-'));
  const file = join(dir, 'config');
  writeFileSync(file, fake.kubeconfig(options));
  return file;
}

/** A read-only client for the fake, with every guard decision recorded. */
export function clientFor(fake: FakeApiServer): { client: ReadOnlyClient; decisions: GuardDecision[] } {
  const decisions: GuardDecision[] = [];
  const loaded = loadKubeConfig({ kubeconfig: writeKubeconfig(fake), env: {}, cwd: process.cwd() });
  return { client: new ReadOnlyClient(loaded, { onDecision: (d) => decisions.push(d) }), decisions };
}
