import { describe, expect, test } from 'vitest';
import { TrustladderError } from '../../../errors.js';
import { discoverGuards } from './discover-guards.js';
import { loadServiceCatalog } from './load-service-catalog.js';
import { serviceFacts } from './service-facts.js';

const CATALOG = `apiVersion: trustladder.dev/v1
kind: ServiceCatalog
metadata: { name: acme }
services:
  - name: orders
    paths: ["services/orders/**"]
    exclude: ["services/orders/vendor/**"]
    slo: true
    canary: false
    killSwitch: true
  - name: search
    paths: ["services/{search,index}/**"]
`;
const load = (text: string, dir = '') => loadServiceCatalog(text, { source: 'catalog.yaml', dir });
const files = (...paths: string[]) => paths.map((path) => ({ path }));
const issuesOf = (text: string) => {
  try {
    load(text);
  } catch (e) {
    expect(e).toBeInstanceOf(TrustladderError);
    return (e as TrustladderError).issues.map((i) => ({
      code: i.code,
      path: i.path,
      line: i.position?.line,
    }));
  }
  throw new Error('accepted');
};

describe('serviceFacts', () => {
  const services = load(CATALOG);

  test('a change inside one service gets that service, with false guards kept and origins named', () => {
    const r = serviceFacts(files('services/orders/src/a.ts', 'services/orders/README.md'), services);
    expect(r.service).toEqual({ name: 'orders', slo: true, canary: false, killSwitch: true });
    expect(r.guards?.slo).toEqual({ value: true, from: ['catalog catalog.yaml'] });
  });

  test('a guard the catalog does not state is left out, so it is not present', () => {
    expect(serviceFacts(files('services/index/a.go'), services).service).toEqual({ name: 'search' });
  });

  test('several services: service stays unknown, and the result names them', () => {
    const r = serviceFacts(files('services/orders/a.ts', 'services/search/b.ts'), services);
    expect(r).toMatchObject({ service: undefined, touched: ['orders', 'search'], outside: [] });
  });

  test('a path in no service besides one service: unknown, and the path is named', () => {
    const r = serviceFacts(files('services/orders/a.ts', 'infra/main.tf'), services);
    expect(r).toMatchObject({ service: undefined, touched: ['orders'], outside: ['infra/main.tf'] });
  });

  test('paths are normalised as the policy normalises them; one that cannot be is in no service', () => {
    expect(serviceFacts(files('./services/orders/x/../a.ts'), services).touched).toEqual(['orders']);
    const escaping = serviceFacts(files('services/orders/a.ts', '../services/orders/b.ts'), services);
    expect(escaping).toMatchObject({ service: undefined, outside: ['../services/orders/b.ts'] });
  });

  test('no service touched: unknown', () => {
    expect(serviceFacts(files('docs/a.md'), services)).toMatchObject({ service: undefined, touched: [] });
  });

  test('exclude takes a path out of a service; a rename counts both paths', () => {
    expect(serviceFacts(files('services/orders/vendor/x.js'), services).touched).toEqual([]);
    const renamed = serviceFacts(
      [{ path: 'services/orders/a.ts', previousPath: 'services/search/a.ts' }],
      services,
    );
    expect(renamed.touched).toEqual(['orders', 'search']);
  });

  test('discovered guards fill what the catalog does not state; a stated false wins over a manifest', () => {
    const discovered = discoverGuards([
      {
        path: 'deploy/canary.yaml',
        text: 'apiVersion: flagger.app/v1beta1\nkind: Canary\nspec:\n  targetRef: { name: orders }\n---\napiVersion: flagger.app/v1beta1\nkind: Canary\nspec:\n  targetRef: { name: search }\n',
      },
      { path: 'slo/sloth.yaml', text: 'version: prometheus/v1\nservice: search\nslos: []\n' },
      {
        path: 'slo/sloth-k8s.yaml',
        text: 'apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nspec: { service: search, slos: [] }\n',
      },
      { path: 'broken.yaml', text: 'a: [\n' },
    ]);
    const search = serviceFacts(files('services/search/a.ts'), services, discovered);
    expect(search.service).toEqual({ name: 'search', slo: true, canary: true });
    expect(search.guards?.slo.from).toEqual(['slo/sloth-k8s.yaml', 'slo/sloth.yaml']);
    const orders = serviceFacts(files('services/orders/a.ts'), services, discovered);
    expect(orders.service?.canary).toBe(false);
  });

  test('a kill switch named by flag counts only when a flag definition has it', () => {
    const catalog = load(
      'apiVersion: trustladder.dev/v1\nkind: ServiceCatalog\nmetadata: { name: a }\nservices:\n  - { name: orders, paths: ["**"], killSwitch: { flag: orders-off } }\n',
    );
    expect(serviceFacts(files('a.ts'), catalog).service).toEqual({ name: 'orders' });
    const openFeature = discoverGuards([
      {
        path: 'flags.yaml',
        text: 'apiVersion: core.openfeature.dev/v1beta1\nkind: FeatureFlag\nspec:\n  flagSpec:\n    flags:\n      orders-off: { state: ENABLED }\n',
      },
    ]);
    expect(serviceFacts(files('a.ts'), catalog, openFeature).service).toEqual({
      name: 'orders',
      killSwitch: true,
    });
    const other = discoverGuards([{ path: 'f.json', text: '{"flags": {"another": {}}}' }]);
    expect(serviceFacts(files('a.ts'), catalog, other).service).toEqual({ name: 'orders' });
  });
});

describe('loadServiceCatalog', () => {
  test('Backstage components: paths from the catalog folder or an annotation, guards from annotations', () => {
    const text = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders
  annotations:
    trustladder.dev/slo: "true"
    trustladder.dev/canary: "false"
    trustladder.dev/kill-switch: orders-off
spec: { type: service, owner: team-a, lifecycle: production }
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: orders-api }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: web
  annotations:
    trustladder.dev/paths: "web/**, shared/ui/**"
`;
    const services = load(text, 'services/orders');
    expect(services.map((s) => s.name)).toEqual(['orders', 'web']);
    const [orders, web] = services;
    expect([orders?.slo, orders?.canary, orders?.killSwitch]).toEqual([true, false, { flag: 'orders-off' }]);
    expect([orders?.owns('services/orders/src/a.ts'), orders?.owns('services/other/a.ts')]).toEqual([
      true,
      false,
    ]);
    expect([web?.owns('shared/ui/button.tsx'), web?.owns('shared/api.ts')]).toEqual([true, false]);
  });

  test('Backstage: a bad annotation is an error at its line and pointer', () => {
    const text =
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: a }\n---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: b\n  annotations:\n    trustladder.dev/slo: "yes"\n    trustladder.dev/canery: "true"\n';
    expect(issuesOf(text)).toEqual([
      { code: 'unknown_annotation', path: '/metadata/annotations/trustladder.dev~1canery', line: 5 },
      { code: 'enum', path: '/metadata/annotations/trustladder.dev~1slo', line: 5 },
    ]);
  });

  test('schema problems, bad globs and duplicate names are all reported at once', () => {
    const text = `apiVersion: trustladder.dev/v1
kind: ServiceCatalog
metadata: { name: acme }
services:
  - name: a
    paths: ["src/[a-"]
  - name: a
    paths: ["x/**"]
`;
    expect(issuesOf(text).map((i) => i.code)).toEqual(['invalid_glob', 'duplicate_service']);
    expect(issuesOf(CATALOG.replace('paths: ["services/orders/**"]', 'paths: []'))).toEqual([
      { code: 'minItems', path: '/services/0/paths', line: 6 },
    ]);
  });

  test('YAML syntax errors keep their line in the file; an empty file or a BOM is refused', () => {
    expect(issuesOf(`${CATALOG}  - name: [broken\n`)[0]?.line).toBeGreaterThanOrEqual(13);
    expect(issuesOf('# nothing\n').map((i) => i.code)).toEqual(['empty']);
    expect(issuesOf(`\uFEFF${CATALOG}`).map((i) => i.code)).toEqual(['bom']);
  });

  test('a ServiceCatalog is one document', () => {
    expect(issuesOf(`${CATALOG}---\n${CATALOG}`).map((i) => i.code)).toEqual([
      'multiple_documents',
      'multiple_documents',
    ]);
  });
});
