import { K8sError } from '../errors.js';

/** The one write the observer ever makes: asking the API server what it itself may do. */
export const SELF_SUBJECT_RULES_REVIEW_PATH = '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews';

// Subresources that a GET reaches through an upgrade (SPDY or WebSocket) or a proxy: they run
// commands in pods, forward ports or pass requests through to the workload, so they act on
// workloads although the verb says GET. Kubernetes authorises them as `create` (or `get` on
// proxy, which still reaches the workload): the observer never uses them.
const CONNECT_SUBRESOURCES: ReadonlySet<string> = new Set(['exec', 'attach', 'portforward', 'proxy']);

/** What the guard decided about one request. */
export interface GuardDecision {
  readonly method: string;
  readonly path: string;
  readonly admitted: boolean;
}

export type GuardListener = (decision: GuardDecision) => void;

// The one place that decides whether a request may leave the observer. Every HTTP request the
// read-only client makes (typed API calls through its HttpLibrary, lists, watches) is admitted
// here first; a refused request never reaches the network. Reads (GET) pass, except the
// connect-like subresources; the SelfSubjectRulesReview create passes exactly once; every
// other method (POST, PUT, PATCH, DELETE, HEAD, anything) is refused with WRITE_REFUSED.
export class RequestGuard {
  readonly #basePath: string;
  readonly #listener: GuardListener | undefined;
  #reviewsLeft = 1;
  #admitted = 0;
  #refused = 0;

  /**
   * `server` is the cluster URL from the kubeconfig; a path prefix in it (a proxy) is honoured.
   * `listener` hears every decision (tests and audit logs; counts are kept either way).
   */
  constructor(server: string, listener?: GuardListener) {
    this.#basePath = new URL(server).pathname.replace(/\/+$/, '');
    this.#listener = listener;
  }

  /** How many requests were admitted and refused so far. */
  get counts(): { readonly admitted: number; readonly refused: number } {
    return { admitted: this.#admitted, refused: this.#refused };
  }

  /** Whether the one permitted review has been used. */
  get reviewUsed(): boolean {
    return this.#reviewsLeft === 0;
  }

  /** Admits the request or throws K8sError WRITE_REFUSED / CONNECT_REFUSED. */
  admit(method: string, url: string): void {
    // fetch upper-cases only the standard methods; compare case-insensitively, so `patch`
    // and `PATCH` are the same write.
    const verb = method.toUpperCase();
    const path = this.#apiPath(url);
    try {
      if (verb === 'GET') {
        if (path === null) throw refuse('CONNECT_REFUSED', verb, url, 'the path cannot be read');
        const sub = connectSubresource(path);
        if (sub !== null)
          throw refuse('CONNECT_REFUSED', verb, url, `the ${sub} subresource acts on workloads`);
        this.#record({ method: verb, path, admitted: true });
        return;
      }
      if (verb === 'POST' && path === SELF_SUBJECT_RULES_REVIEW_PATH) {
        if (this.#reviewsLeft === 0) throw refuse('WRITE_REFUSED', verb, url, 'the one rules review is used');
        this.#reviewsLeft -= 1;
        this.#record({ method: verb, path, admitted: true });
        return;
      }
      throw refuse('WRITE_REFUSED', verb, url, 'the observer is read-only');
    } catch (e) {
      this.#record({ method: verb, path: path ?? url, admitted: false });
      throw e;
    }
  }

  #record(decision: GuardDecision): void {
    if (decision.admitted) this.#admitted += 1;
    else this.#refused += 1;
    this.#listener?.(decision);
  }

  // The request's path below the server's base path, percent-decoded segment by segment as
  // the API server decodes it (so `%65xec` is `exec`); null when it cannot be decoded or lies
  // outside the base path.
  #apiPath(url: string): string | null {
    let pathname: string;
    try {
      pathname = new URL(url).pathname;
    } catch {
      return null;
    }
    if (this.#basePath !== '') {
      if (pathname !== this.#basePath && !pathname.startsWith(`${this.#basePath}/`)) return null;
      pathname = pathname.slice(this.#basePath.length) || '/';
    }
    try {
      return pathname
        .split('/')
        .map((s) => decodeURIComponent(s))
        .join('/');
    } catch {
      return null;
    }
  }
}

function refuse(code: 'WRITE_REFUSED' | 'CONNECT_REFUSED', verb: string, url: string, why: string): K8sError {
  return new K8sError(code, `refused ${verb} ${url}: ${why}`);
}

// The subresource of a resource path (/api/v1/..., /apis/g/v/...) when it is connect-like,
// else null. Layout: [namespaces, ns,] resource, name, subresource, ...; the legacy
// /api/v1/proxy/... form counts too.
function connectSubresource(path: string): string | null {
  const segments = path.split('/').filter((s) => s !== '');
  let rest: string[];
  if (segments[0] === 'api') rest = segments.slice(2);
  else if (segments[0] === 'apis') rest = segments.slice(3);
  else return null;
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  // rest is now [resource, name, subresource, ...]: a connect-like word as the resource
  // (legacy /api/v1/proxy/...) or as the subresource is refused.
  for (const segment of [rest[0], rest[2]]) {
    const word = segment?.toLowerCase();
    if (word !== undefined && CONNECT_SUBRESOURCES.has(word)) return word;
  }
  return null;
}
