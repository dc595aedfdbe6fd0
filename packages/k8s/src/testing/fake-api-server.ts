import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback stand-in for a Kubernetes API server (none can run here): node:http on
// 127.0.0.1 and a random port. It serves discovery (/api, /apis, group versions), lists and
// watches of the collections the observer reads, and the SelfSubjectRulesReview; it records
// every request, so tests can prove what the observer did and did not send. Watch streams stay
// open until the test drops them or closes the server. Writes are recorded and refused (405):
// the fake never changes state on a client's behalf.

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface FakeResourceRule {
  readonly verbs: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
}

export interface FakeObject {
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly ownerReferences?: ReadonlyArray<Record<string, unknown>>;
    readonly [k: string]: unknown;
  };
  readonly [k: string]: unknown;
}

interface Collection {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly custom: boolean;
}

const COLLECTIONS: readonly Collection[] = [
  { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false, custom: false },
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true, custom: false },
  {
    group: '',
    version: 'v1',
    plural: 'replicationcontrollers',
    kind: 'ReplicationController',
    namespaced: true,
    custom: false,
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    kind: 'Deployment',
    namespaced: true,
    custom: false,
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    kind: 'StatefulSet',
    namespaced: true,
    custom: false,
  },
  { group: 'apps', version: 'v1', plural: 'daemonsets', kind: 'DaemonSet', namespaced: true, custom: false },
  {
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    kind: 'ReplicaSet',
    namespaced: true,
    custom: false,
  },
  { group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true, custom: false },
  { group: 'batch', version: 'v1', plural: 'cronjobs', kind: 'CronJob', namespaced: true, custom: false },
  {
    group: 'policies.kyverno.io',
    version: 'v1',
    plural: 'imagevalidatingpolicies',
    kind: 'ImageValidatingPolicy',
    namespaced: false,
    custom: true,
  },
  {
    group: 'policies.kyverno.io',
    version: 'v1',
    plural: 'validatingpolicies',
    kind: 'ValidatingPolicy',
    namespaced: false,
    custom: true,
  },
];
const KYVERNO = 'policies.kyverno.io';
const REVIEW_PATH = '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews';

export type CollectionName = (typeof COLLECTIONS)[number]['plural'];

export interface FakeApiServerOptions {
  /** Whether policies.kyverno.io/v1 is served (Kyverno installed); default true. */
  readonly kyverno?: boolean;
  /** The rules the SelfSubjectRulesReview answers with; default: read-only rules. */
  readonly rules?: readonly FakeResourceRule[];
  /** Whether the review says it is incomplete. */
  readonly incomplete?: boolean;
  /** The review answers with this HTTP status instead (e.g. 403). */
  readonly reviewStatus?: number;
  /** The port on 127.0.0.1 (default: a random free one). */
  readonly port?: number;
}

interface WatchEvent {
  readonly rv: number;
  readonly plural: string;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: FakeObject;
}

interface OpenWatch {
  readonly plural: string;
  readonly res: ServerResponse;
}

/** The read-only rules of deploy/observer/cluster-role.yaml, as a review returns them. */
export const READ_ONLY_RULES: readonly FakeResourceRule[] = [
  { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectrulesreviews'] },
  {
    verbs: ['get', 'list', 'watch'],
    apiGroups: [''],
    resources: ['namespaces', 'pods', 'replicationcontrollers'],
  },
  {
    verbs: ['get', 'list', 'watch'],
    apiGroups: ['apps'],
    resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'],
  },
  { verbs: ['get', 'list', 'watch'], apiGroups: ['batch'], resources: ['jobs', 'cronjobs'] },
  {
    verbs: ['get', 'list', 'watch'],
    apiGroups: ['policies.kyverno.io'],
    resources: ['imagevalidatingpolicies', 'validatingpolicies'],
  },
  {
    verbs: ['get', 'list'],
    apiGroups: ['wgpolicyk8s.io'],
    resources: ['policyreports', 'clusterpolicyreports'],
  },
];

export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #objects = new Map<string, Map<string, FakeObject>>();
  readonly #events: WatchEvent[] = [];
  readonly #watches = new Set<OpenWatch>();
  readonly #watchWaiters: Array<{ count: number; resolve: () => void }> = [];
  #rv = 1;
  /** Watches from a resourceVersion below this get 410 Gone. */
  #compactedBelow = 0;
  #kyverno: boolean;
  #rules: readonly FakeResourceRule[];
  #incomplete: boolean;
  #reviewStatus: number | undefined;
  readonly #failing = new Map<string, number>();
  readonly #failStatus = new Map<string, number>();
  #url = '';

  private constructor(options: FakeApiServerOptions) {
    this.#kyverno = options.kyverno ?? true;
    this.#rules = options.rules ?? READ_ONLY_RULES;
    this.#incomplete = options.incomplete ?? false;
    this.#reviewStatus = options.reviewStatus;
    for (const c of COLLECTIONS) this.#objects.set(c.plural, new Map());
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) this.#status(res, 500, 'InternalError', String(e));
      });
    });
  }

  static async start(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
    const fake = new FakeApiServer(options);
    await new Promise<void>((resolve, reject) => {
      fake.#server.once('error', reject);
      fake.#server.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
    fake.#url = `http://127.0.0.1:${(fake.#server.address() as AddressInfo).port}`;
    return fake;
  }

  get url(): string {
    return this.#url;
  }

  /** How many watch streams are open now. */
  get openWatches(): number {
    return this.#watches.size;
  }

  /** A kubeconfig (YAML) whose current context points at this server with a bearer token. */
  kubeconfig(options: { context?: string; namespace?: string } = {}): string {
    const context = options.context ?? 'fake';
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `  - name: fake-cluster`,
      // Plain HTTP on loopback: client-node accepts http:// only with TLS verification off.
      `    cluster: { server: "${this.#url}", insecure-skip-tls-verify: true }`,
      'users:',
      '  - name: trustladder-observer',
      '    user: { token: fake-observer-token }',
      'contexts:',
      `  - name: ${context}`,
      `    context: { cluster: fake-cluster, user: trustladder-observer, namespace: ${options.namespace ?? 'trustladder-system'} }`,
      `current-context: ${context}`,
      '',
    ].join('\n');
  }

  /** Adds or replaces an object; open watches of its collection hear ADDED or MODIFIED. */
  put(plural: CollectionName, object: FakeObject): void {
    const store = this.#store(plural);
    const key = keyOf(object);
    const type = store.has(key) ? 'MODIFIED' : 'ADDED';
    const rv = ++this.#rv;
    const stored = {
      ...object,
      metadata: { ...object.metadata, resourceVersion: String(rv), uid: `uid-${key}` },
    };
    store.set(key, stored);
    this.#emit({ rv, plural, type, object: stored });
  }

  /** Removes an object; open watches hear DELETED. */
  remove(plural: CollectionName, name: string, namespace?: string): void {
    const store = this.#store(plural);
    const key = keyOf({ metadata: { name, ...(namespace ? { namespace } : {}) } });
    const found = store.get(key);
    if (!found) return;
    store.delete(key);
    const rv = ++this.#rv;
    this.#emit({
      rv,
      plural,
      type: 'DELETED',
      object: { ...found, metadata: { ...found.metadata, resourceVersion: String(rv) } },
    });
  }

  /** Installs or uninstalls Kyverno's API (discovery, lists and watches of its policies). */
  setKyverno(served: boolean): void {
    this.#kyverno = served;
    if (!served) for (const w of [...this.#watches]) if (w.plural.endsWith('policies')) this.#end(w);
  }

  setRules(rules: readonly FakeResourceRule[], incomplete = false): void {
    this.#rules = rules;
    this.#incomplete = incomplete;
  }

  /** The next `times` list or watch requests of a collection answer `status` (e.g. 500). */
  failNext(plural: CollectionName, status: number, times = 1): void {
    this.#failing.set(plural, times);
    this.#failStatus.set(plural, status);
  }

  /** Ends every open watch stream cleanly: clients reconnect from their resourceVersion. */
  dropWatches(): void {
    for (const w of [...this.#watches]) this.#end(w);
  }

  /** Compacts history and ends watches with 410 Gone: clients must list again. */
  expireWatches(): void {
    this.#compactedBelow = this.#rv + 1;
    for (const w of [...this.#watches]) {
      w.res.write(
        `${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version' } })}\n`,
      );
      this.#end(w);
    }
  }

  /** Resolves once at least `count` watch streams are open. */
  waitForWatches(count: number): Promise<void> {
    if (this.#watches.size >= count) return Promise.resolve();
    return new Promise((resolve) => this.#watchWaiters.push({ count, resolve }));
  }

  /** Requests other than GET, except the one review POST: what a read-only client never sends. */
  writes(): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method !== 'GET' && !(r.method === 'POST' && r.path === REVIEW_PATH),
    );
  }

  reviews(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === REVIEW_PATH);
  }

  /** Ends every watch stream and closes the server. */
  async close(): Promise<void> {
    for (const w of [...this.#watches]) this.#end(w);
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #store(plural: string): Map<string, FakeObject> {
    const store = this.#objects.get(plural);
    if (!store) throw new Error(`the fake serves no collection ${plural}`);
    return store;
  }

  #emit(event: WatchEvent): void {
    this.#events.push(event);
    for (const w of this.#watches) if (w.plural === event.plural) this.#send(w.res, event);
  }

  #send(res: ServerResponse, event: WatchEvent): void {
    const c = COLLECTIONS.find((x) => x.plural === event.plural) as Collection;
    res.write(`${JSON.stringify({ type: event.type, object: withKind(c, event.object) })}\n`);
  }

  #end(w: OpenWatch): void {
    this.#watches.delete(w);
    w.res.end();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = req.method ?? '';
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: Buffer.concat(chunks).toString('utf8'),
    });
    if (method === 'POST' && url.pathname === REVIEW_PATH) return this.#review(res, chunks);
    if (method !== 'GET') return this.#status(res, 405, 'MethodNotAllowed', `the fake refuses ${method}`);
    const discovery = this.#discovery(url.pathname);
    if (discovery !== undefined) return json(res, 200, discovery);
    const collection = COLLECTIONS.find((c) => url.pathname === pathOf(c));
    if (!collection || (collection.group === KYVERNO && !this.#kyverno)) {
      return this.#status(res, 404, 'NotFound', `the server could not find the requested resource`);
    }
    const failures = this.#failing.get(collection.plural) ?? 0;
    if (failures > 0) {
      this.#failing.set(collection.plural, failures - 1);
      const status = this.#failStatus.get(collection.plural) ?? 500;
      return this.#status(res, status, 'InternalError', 'injected failure');
    }
    if (url.searchParams.get('watch') === 'true') return this.#watch(res, collection, url.searchParams);
    const items = [...this.#store(collection.plural).values()]
      .sort((a, b) => keyOf(a).localeCompare(keyOf(b)))
      .map((o) => (collection.custom ? withKind(collection, o) : o));
    return json(res, 200, {
      apiVersion: collection.group === '' ? 'v1' : `${collection.group}/${collection.version}`,
      kind: `${collection.kind}List`,
      metadata: { resourceVersion: String(this.#rv) },
      items,
    });
  }

  #watch(res: ServerResponse, c: Collection, query: URLSearchParams): void {
    const from = Number(query.get('resourceVersion') ?? '0');
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    if (from < this.#compactedBelow) {
      res.end(
        `${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } })}\n`,
      );
      return;
    }
    const w: OpenWatch = { plural: c.plural, res };
    this.#watches.add(w);
    res.on('close', () => this.#watches.delete(w));
    for (const e of this.#events) if (e.plural === c.plural && e.rv > from) this.#send(res, e);
    // Flush the headers now: a client waits for them before it reads events.
    res.flushHeaders();
    for (const waiter of [...this.#watchWaiters]) {
      if (this.#watches.size >= waiter.count) {
        this.#watchWaiters.splice(this.#watchWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  #review(res: ServerResponse, chunks: readonly Buffer[]): void {
    if (this.#reviewStatus !== undefined) {
      this.#status(res, this.#reviewStatus, 'Forbidden', 'review refused');
      return;
    }
    let namespace = '';
    try {
      namespace = String(JSON.parse(Buffer.concat(chunks).toString('utf8'))?.spec?.namespace ?? '');
    } catch {
      this.#status(res, 400, 'BadRequest', 'not JSON');
      return;
    }
    json(res, 201, {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      metadata: {},
      spec: { namespace },
      status: {
        resourceRules: this.#rules.map((r) => ({ ...r })),
        nonResourceRules: [
          { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/version'] },
        ],
        incomplete: this.#incomplete,
      },
    });
  }

  #discovery(path: string): unknown {
    if (path === '/version') return { major: '1', minor: '34', gitVersion: 'v1.34.0-fake' };
    if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
    const groups = new Map<string, string[]>();
    for (const c of COLLECTIONS) if (c.group !== '') groups.set(c.group, [c.version]);
    groups.set('authorization.k8s.io', ['v1']);
    if (!this.#kyverno) groups.delete(KYVERNO);
    if (path === '/apis') {
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [...groups].map(([name, versions]) => ({
          name,
          versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
          preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
        })),
      };
    }
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (!m) return undefined;
    const group = m[2] ?? '';
    const version = m[1] ?? m[3] ?? '';
    if (group !== '' && !groups.get(group)?.includes(version)) return undefined;
    const resources = COLLECTIONS.filter((c) => c.group === group && c.version === version).map((c) => ({
      name: c.plural,
      singularName: c.kind.toLowerCase(),
      namespaced: c.namespaced,
      kind: c.kind,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    }));
    if (group === 'authorization.k8s.io') {
      resources.push({
        name: 'selfsubjectrulesreviews',
        singularName: '',
        namespaced: false,
        kind: 'SelfSubjectRulesReview',
        verbs: ['create'],
      });
    }
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: group === '' ? version : `${group}/${version}`,
      resources,
    };
  }

  #status(res: ServerResponse, code: number, reason: string, message: string): void {
    json(res, code, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      code,
    });
  }
}

function pathOf(c: Collection): string {
  return c.group === '' ? `/api/${c.version}/${c.plural}` : `/apis/${c.group}/${c.version}/${c.plural}`;
}

function keyOf(o: { metadata: { name: string; namespace?: string } }): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function withKind(c: Collection, o: FakeObject): FakeObject {
  return { apiVersion: c.group === '' ? c.version : `${c.group}/${c.version}`, kind: c.kind, ...o };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
