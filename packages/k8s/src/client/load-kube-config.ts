import { existsSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { K8sError } from '../errors.js';

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface KubeConfigOptions {
  /** --kubeconfig: one file, which must exist. */
  readonly kubeconfig?: string | undefined;
  /** --context: a context of the loaded kubeconfig. */
  readonly context?: string | undefined;
  /** The environment to read KUBECONFIG, HOME and the in-cluster variables from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative paths are resolved against this folder. */
  readonly cwd: string;
  /** Where the in-cluster service-account token lives (tests point it elsewhere). */
  readonly serviceAccountToken?: string;
}

export interface LoadedKubeConfig {
  readonly kubeConfig: KubeConfig;
  /** Where it came from: the file(s) read, or "in-cluster". */
  readonly source: string;
  readonly server: string;
  readonly context: string;
  /** The context's namespace (in-cluster: the service account's), else "default". */
  readonly namespace: string;
}

// Resolves the cluster to observe, kubectl's way: --kubeconfig, else $KUBECONFIG (a list;
// missing entries are skipped), else ~/.kube/config, else the in-cluster service account.
// Unlike client-node's loadFromDefault, finding nothing is an error: it never falls back to
// http://localhost:8080, which would observe whatever answers there.
export function loadKubeConfig(options: KubeConfigOptions): LoadedKubeConfig {
  const kc = new KubeConfig();
  let source: string;
  const files = candidateFiles(options);
  if (files.length > 0) {
    files.forEach((file, i) => {
      const next = i === 0 ? kc : new KubeConfig();
      try {
        next.loadFromFile(file);
      } catch (e) {
        throw new K8sError('CONFIG_ERROR', `cannot read kubeconfig ${file}: ${reason(e)}`, { cause: e });
      }
      if (i > 0) kc.mergeConfig(next, true);
    });
    source = files.join(delimiter);
  } else if (inCluster(options)) {
    loadInCluster(kc, options);
    source = 'in-cluster';
  } else {
    throw new K8sError(
      'CONFIG_ERROR',
      'no kubeconfig: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config or run in a cluster',
    );
  }
  if (options.context !== undefined) {
    if (!kc.getContexts().some((c) => c.name === options.context)) {
      throw new K8sError('CONFIG_ERROR', `no context "${options.context}" in ${source}`);
    }
    kc.setCurrentContext(options.context);
  }
  const context = kc.getCurrentContext();
  const contextObject = kc.getContextObject(context);
  const cluster = kc.getCurrentCluster();
  if (!contextObject || !cluster) {
    throw new K8sError('CONFIG_ERROR', `the current context "${context}" of ${source} names no cluster`);
  }
  try {
    new URL(cluster.server);
  } catch (e) {
    throw new K8sError('CONFIG_ERROR', `cluster ${cluster.name} of ${source} has no valid server URL`, {
      cause: e,
    });
  }
  return {
    kubeConfig: kc,
    source,
    server: cluster.server,
    context,
    namespace: contextObject.namespace?.trim() || 'default',
  };
}

function candidateFiles(options: KubeConfigOptions): string[] {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(options.cwd, p));
  if (options.kubeconfig !== undefined) {
    const file = abs(options.kubeconfig);
    if (!existsSync(file)) throw new K8sError('CONFIG_ERROR', `cannot read kubeconfig ${file}: no such file`);
    return [file];
  }
  const list = options.env.KUBECONFIG;
  if (list !== undefined && list !== '') {
    const files = list
      .split(delimiter)
      .filter((f) => f !== '')
      .map(abs)
      .filter((f) => existsSync(f));
    if (files.length === 0) throw new K8sError('CONFIG_ERROR', `no file of KUBECONFIG=${list} exists`);
    return files;
  }
  const home = options.env.HOME;
  if (home !== undefined && home !== '') {
    const file = join(home, '.kube', 'config');
    if (existsSync(file)) return [file];
  }
  return [];
}

function inCluster(options: KubeConfigOptions): boolean {
  return (
    options.env.KUBERNETES_SERVICE_HOST !== undefined &&
    options.env.KUBERNETES_SERVICE_PORT !== undefined &&
    existsSync(options.serviceAccountToken ?? SERVICE_ACCOUNT_TOKEN)
  );
}

// client-node's loadFromCluster, but reading the given environment rather than
// process.env. The token is read from its file on every request (tokenFile), so a projected,
// rotating service-account token keeps working.
function loadInCluster(kc: KubeConfig, options: KubeConfigOptions): void {
  const host = options.env.KUBERNETES_SERVICE_HOST ?? '';
  const port = options.env.KUBERNETES_SERVICE_PORT ?? '';
  const tokenFile = options.serviceAccountToken ?? SERVICE_ACCOUNT_TOKEN;
  const folder = dirname(tokenFile);
  const namespaceFile = join(folder, 'namespace');
  const namespace = existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : undefined;
  kc.loadFromOptions({
    clusters: [
      {
        name: 'in-cluster',
        server: `https://${isIPv6(host) ? `[${host}]` : host}:${port}`,
        caFile: join(folder, 'ca.crt'),
        skipTLSVerify: false,
      },
    ],
    users: [{ name: 'in-cluster', authProvider: { name: 'tokenFile', config: { tokenFile } } }],
    contexts: [
      { name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster', ...(namespace ? { namespace } : {}) },
    ],
    currentContext: 'in-cluster',
  });
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'unreadable';
}
