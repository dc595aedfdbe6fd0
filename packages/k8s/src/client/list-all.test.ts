import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResponseContext, SelfDecodingBody, wrapHttpLibrary } from '@kubernetes/client-node';
import { describe, expect, test } from 'vitest';
import { K8sError } from '../errors.js';
import { loadKubeConfig } from './load-kube-config.js';
import { ReadOnlyClient } from './read-only-client.js';

// listAll's refusals that a real API server never provokes (its pages are proven on one in
// e2e/approval-audit.e2e.test.ts): a server that repeats a continue token, or pages forever.
// The pages come from a stub behind the guard; nothing is sent.

function clientAnswering(page: (url: URL) => { items: unknown[]; continue?: string }): {
  client: ReadOnlyClient;
  urls: URL[];
} {
  const urls: URL[] = [];
  const httpLibrary = wrapHttpLibrary({
    async send(request) {
      const url = new URL(request.getUrl());
      urls.push(url);
      const { items, continue: next } = page(url);
      const body = JSON.stringify({ kind: 'List', metadata: next ? { continue: next } : {}, items });
      return new ResponseContext(200, {}, new SelfDecodingBody(Promise.resolve(Buffer.from(body))));
    },
  });
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'tl-list-all-')), 'config');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "https://stub.invalid:6443" } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`,
  );
  return {
    client: new ReadOnlyClient(loadKubeConfig({ kubeconfig, env: {}, cwd: process.cwd() }), { httpLibrary }),
    urls,
  };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(K8sError);
  return (e as K8sError).code;
}

describe('ReadOnlyClient.listAll', () => {
  test('follows continue tokens to the last page and keeps every item in order', async () => {
    const { client, urls } = clientAnswering((url) => {
      const at = Number(url.searchParams.get('continue') ?? 0);
      return { items: [{ n: at }, { n: at + 1 }], ...(at < 4 ? { continue: String(at + 2) } : {}) };
    });
    const list = await client.listAll('/apis/wgpolicyk8s.io/v1alpha2/policyreports', { limit: 2 });
    expect(list.items.map((i) => (i as { n: number }).n)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(urls.map((u) => u.search)).toEqual(['?limit=2', '?limit=2&continue=2', '?limit=2&continue=4']);
  });

  test('a repeated continue token, too many pages or a bad limit is an error, never a short list', async () => {
    const loop = clientAnswering(() => ({ items: [{}], continue: 'same' }));
    expect(await codeOf(loop.client.listAll('/x', { limit: 1 }))).toBe('INVALID_RESPONSE');
    expect(loop.urls).toHaveLength(2);
    let n = 0;
    const endless = clientAnswering(() => ({ items: [{}], continue: String(n++) }));
    expect(await codeOf(endless.client.listAll('/x', { limit: 1, maxPages: 5 }))).toBe('INVALID_RESPONSE');
    expect(endless.urls).toHaveLength(5);
    expect(await codeOf(endless.client.listAll('/x', { limit: 0 }))).toBe('INVALID_RESPONSE');
  });
});
