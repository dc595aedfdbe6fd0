import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { K8sError } from '../errors.js';
import { loadKubeConfig } from './load-kube-config.js';

function kubeconfig(server: string, context = 'dev', namespace?: string): string {
  return `apiVersion: v1
kind: Config
clusters: [{ name: c-${context}, cluster: { server: "${server}" } }]
users: [{ name: u-${context}, user: { token: t } }]
contexts: [{ name: ${context}, context: { cluster: c-${context}, user: u-${context}${namespace ? `, namespace: ${namespace}` : ''} } }]
current-context: ${context}
`;
}

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'tl-kc-'));
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(K8sError);
    return (e as K8sError).code;
  }
}

describe('loadKubeConfig', () => {
  test('--kubeconfig, relative to cwd, with the context namespace', () => {
    const d = dir();
    writeFileSync(join(d, 'kc'), kubeconfig('https://a.example:6443', 'dev', 'payments'));
    const loaded = loadKubeConfig({ kubeconfig: 'kc', env: {}, cwd: d });
    expect(loaded).toMatchObject({ server: 'https://a.example:6443', context: 'dev', namespace: 'payments' });
  });

  test('$KUBECONFIG lists files; missing entries are skipped; --context picks among them', () => {
    const d = dir();
    writeFileSync(join(d, 'a'), kubeconfig('https://a.example', 'a'));
    writeFileSync(join(d, 'b'), kubeconfig('https://b.example', 'b'));
    const env = { KUBECONFIG: [join(d, 'missing'), join(d, 'a'), join(d, 'b')].join(delimiter) };
    expect(loadKubeConfig({ env, cwd: d })).toMatchObject({
      context: 'a',
      server: 'https://a.example',
      namespace: 'default',
    });
    expect(loadKubeConfig({ env, cwd: d, context: 'b' })).toMatchObject({ server: 'https://b.example' });
  });

  test('~/.kube/config when nothing else is given', () => {
    const home = dir();
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), kubeconfig('https://home.example'));
    expect(loadKubeConfig({ env: { HOME: home }, cwd: home }).server).toBe('https://home.example');
  });

  test('in-cluster when the service variables and the token are there', () => {
    const d = dir();
    writeFileSync(join(d, 'token'), 'sa-token');
    writeFileSync(join(d, 'namespace'), 'trustladder-system\n');
    const loaded = loadKubeConfig({
      env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
      cwd: d,
      serviceAccountToken: join(d, 'token'),
    });
    expect(loaded).toMatchObject({
      source: 'in-cluster',
      server: 'https://10.96.0.1:443',
      namespace: 'trustladder-system',
    });
  });

  test('configuration errors are CONFIG_ERROR', () => {
    const d = dir();
    writeFileSync(join(d, 'kc'), kubeconfig('https://a.example'));
    writeFileSync(join(d, 'broken'), 'clusters: [: :');
    expect(codeOf(() => loadKubeConfig({ kubeconfig: join(d, 'nope'), env: {}, cwd: d }))).toBe(
      'CONFIG_ERROR',
    );
    expect(codeOf(() => loadKubeConfig({ kubeconfig: join(d, 'broken'), env: {}, cwd: d }))).toBe(
      'CONFIG_ERROR',
    );
    expect(
      codeOf(() => loadKubeConfig({ kubeconfig: join(d, 'kc'), context: 'prod', env: {}, cwd: d })),
    ).toBe('CONFIG_ERROR');
    expect(codeOf(() => loadKubeConfig({ env: { KUBECONFIG: join(d, 'nope') }, cwd: d }))).toBe(
      'CONFIG_ERROR',
    );
    // Nothing at all: an error, never client-node's fallback to http://localhost:8080.
    expect(codeOf(() => loadKubeConfig({ env: { HOME: dir() }, cwd: d }))).toBe('CONFIG_ERROR');
  });
});
