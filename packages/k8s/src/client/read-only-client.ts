import {
  ApiException,
  AuthorizationV1Api,
  createConfiguration,
  type HttpLibrary,
  HttpMethod,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  ListWatch,
  RequestContext,
  ServerConfiguration,
  type V1SubjectRulesReviewStatus,
} from '@kubernetes/client-node';
import { isK8sError, K8sError } from '../errors.js';
import { GuardedHttpLibrary } from './guarded-http-library.js';
import { GuardedWatch } from './guarded-watch.js';
import type { LoadedKubeConfig } from './load-kube-config.js';
import { type GuardListener, RequestGuard } from './request-guard.js';

export type KubeList = KubernetesListObject<KubernetesObject>;

export interface ReadOnlyClientOptions {
  /** Hears every guard decision (tests, audit logs). */
  readonly onDecision?: GuardListener;
  /** The HTTP library behind the guard (default: client-node's fetch). */
  readonly httpLibrary?: HttpLibrary;
}

export interface InformerOptions {
  /** How ListWatch waits before a reconnect (tests make it immediate). */
  readonly delay?: (ms: number) => Promise<void>;
}

// The observer's only way to the cluster. It holds the kubeconfig privately and exposes
// reads only: raw GETs, lists, informers, and the one SelfSubjectRulesReview. Every request,
// whether it comes from these methods, from a typed client-node API or from a Watch, passes
// the RequestGuard, which refuses anything but GET (and that one review) before it is sent.
export class ReadOnlyClient {
  readonly server: string;
  readonly context: string;
  /** The namespace of the current context (in-cluster: the service account's). */
  readonly namespace: string;
  readonly #kc: KubeConfig;
  readonly #guard: RequestGuard;
  readonly #http: HttpLibrary;

  constructor(loaded: LoadedKubeConfig, options: ReadOnlyClientOptions = {}) {
    this.server = loaded.server;
    this.context = loaded.context;
    this.namespace = loaded.namespace;
    this.#kc = loaded.kubeConfig;
    this.#guard = new RequestGuard(loaded.server, options.onDecision);
    this.#http = new GuardedHttpLibrary(this.#guard, options.httpLibrary);
  }

  /** Requests admitted and refused by the guard so far. */
  get guardCounts(): { readonly admitted: number; readonly refused: number } {
    return this.#guard.counts;
  }

  /** GET a path of the API server and parse its JSON. */
  async get(path: string): Promise<unknown> {
    const url = this.server.replace(/\/+$/, '') + path;
    try {
      const ctx = new RequestContext(url, HttpMethod.GET);
      ctx.setHeaderParam('Accept', 'application/json');
      await this.#kc.applySecurityAuthentication(ctx);
      const response = await this.#http.send(ctx).toPromise();
      const text = await response.body.text();
      if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
        throw new K8sError('API_ERROR', `GET ${path}: ${response.httpStatusCode} ${statusMessage(text)}`, {
          server: this.server,
          status: response.httpStatusCode,
        });
      }
      try {
        return JSON.parse(text) as unknown;
      } catch (e) {
        throw new K8sError('INVALID_RESPONSE', `GET ${path}: the answer is not JSON`, {
          server: this.server,
          cause: e,
        });
      }
    } catch (e) {
      throw asK8sError(e, this.server, `GET ${path}`);
    }
  }

  /** Lists a collection (one page: the observer asks for no limit, so the server sends all). */
  async list(path: string): Promise<KubeList> {
    const value = await this.get(path);
    const list = value as Partial<KubeList> | null;
    if (list === null || typeof list !== 'object' || !Array.isArray(list.items)) {
      throw new K8sError('INVALID_RESPONSE', `GET ${path}: the answer is not a list`, {
        server: this.server,
      });
    }
    return { ...list, items: list.items, metadata: list.metadata ?? {} } as KubeList;
  }

  /**
   * Lists a whole collection in pages of `limit` (the API's chunking: `limit` and the
   * `continue` token of each page). A page that repeats a token, or more than `maxPages`
   * pages, is INVALID_RESPONSE: a list is never cut short silently. An expired token (410)
   * is the server's API_ERROR, never a partial list.
   */
  async listAll(path: string, options: { limit: number; maxPages?: number }): Promise<KubeList> {
    const { limit, maxPages = 10_000 } = options;
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new K8sError('INVALID_RESPONSE', `listAll ${path}: limit must be a whole number from 1`);
    const items: KubernetesObject[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    let last: KubeList | undefined;
    for (let page = 0; page < maxPages; page++) {
      const query = new URLSearchParams({ limit: String(limit), ...(token ? { continue: token } : {}) });
      last = await this.list(`${path}${path.includes('?') ? '&' : '?'}${query}`);
      items.push(...last.items);
      const next = last.metadata?._continue ?? (last.metadata as { continue?: string } | undefined)?.continue;
      if (next === undefined || next === '') return { ...last, items, metadata: { ...last.metadata } };
      if (seen.has(next))
        throw new K8sError('INVALID_RESPONSE', `GET ${path}: the server repeated a continue token`, {
          server: this.server,
        });
      seen.add(next);
      token = next;
    }
    throw new K8sError('INVALID_RESPONSE', `GET ${path}: more than ${maxPages} pages of ${limit}`, {
      server: this.server,
    });
  }

  /**
   * An informer over a collection: a client-node ListWatch whose list goes through list()
   * and whose watch is a GuardedWatch. Not started: the caller starts and stops it.
   */
  informer(path: string, options: InformerOptions = {}): ListWatch<KubernetesObject> {
    const watch = new GuardedWatch(this.#kc, this.#guard);
    return new ListWatch<KubernetesObject>(
      path,
      watch,
      () => this.list(path),
      false,
      undefined,
      undefined,
      options.delay ? { delayFn: options.delay } : undefined,
    );
  }

  /**
   * The one write the guard admits, once per client: what the observer's own credentials may
   * do in `namespace` (cluster-wide grants included). A second call is refused by the guard.
   */
  async reviewOwnRules(namespace: string): Promise<V1SubjectRulesReviewStatus> {
    const api = new AuthorizationV1Api(
      createConfiguration({
        baseServer: new ServerConfiguration(this.server.replace(/\/+$/, ''), {}),
        authMethods: { default: this.#kc },
        httpApi: this.#http,
      }),
    );
    try {
      const review = await api.createSelfSubjectRulesReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectRulesReview',
          spec: { namespace },
        },
      });
      if (!review.status) {
        throw new K8sError('INVALID_RESPONSE', 'the SelfSubjectRulesReview came back without a status', {
          server: this.server,
        });
      }
      return review.status;
    } catch (e) {
      throw asK8sError(e, this.server, 'POST selfsubjectrulesreviews');
    }
  }
}

function statusMessage(text: string): string {
  try {
    const status = JSON.parse(text) as { message?: unknown; reason?: unknown };
    if (typeof status.message === 'string') return status.message;
    if (typeof status.reason === 'string') return status.reason;
  } catch {
    // not a Status object: fall through
  }
  return text.slice(0, 200);
}

// Errors from undici, client-node and the guard, as K8sErrors: the guard's and ours pass
// through; an HTTP status is API_ERROR; anything else (refused connection, DNS, TLS,
// credentials plugin) means the cluster cannot be reached.
export function asK8sError(e: unknown, server: string, what: string): K8sError {
  if (isK8sError(e)) return e;
  if (e instanceof ApiException) {
    return new K8sError('API_ERROR', `${what}: ${e.code} ${statusMessage(String(e.body ?? ''))}`, {
      server,
      status: e.code,
      cause: e,
    });
  }
  return new K8sError('UNREACHABLE', `${what}: ${networkProblem(e)}`, { server, cause: e });
}

/** A short description of a network error: its errno code and message when undici gives one. */
export function networkProblem(e: unknown): string {
  const cause = (e as { cause?: unknown }).cause ?? e;
  const code = (cause as { code?: unknown }).code;
  const message = cause instanceof Error ? cause.message : String(cause);
  if (typeof code === 'string' && !message.includes(code)) return `${message} (${code})`;
  return message;
}
