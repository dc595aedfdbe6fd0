import { describe, expect, test } from 'vitest';
import { K8sError } from '../errors.js';
import { RequestGuard, SELF_SUBJECT_RULES_REVIEW_PATH } from './request-guard.js';

const SERVER = 'https://10.0.0.1:6443';
const url = (path: string) => `${SERVER}${path}`;

function codeOf(f: () => void): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(K8sError);
    return (e as K8sError).code;
  }
}

describe('RequestGuard', () => {
  test('admits reads: discovery, lists, watches, single objects', () => {
    const guard = new RequestGuard(SERVER);
    for (const path of [
      '/api',
      '/apis',
      '/version',
      '/api/v1/pods?watch=true',
      '/apis/apps/v1/namespaces/x/deployments/y',
    ]) {
      expect(codeOf(() => guard.admit('GET', url(path)))).toBeUndefined();
    }
    expect(guard.counts).toEqual({ admitted: 5, refused: 0 });
  });

  test.each(['POST', 'PUT', 'PATCH', 'patch', 'DELETE', 'HEAD', 'OPTIONS', 'CONNECT', 'BREW'])(
    'refuses %s with WRITE_REFUSED',
    (method) => {
      const guard = new RequestGuard(SERVER);
      expect(codeOf(() => guard.admit(method, url('/apis/apps/v1/namespaces/p/deployments/api')))).toBe(
        'WRITE_REFUSED',
      );
      expect(guard.counts.refused).toBe(1);
    },
  );

  test('admits exactly one SelfSubjectRulesReview create', () => {
    const guard = new RequestGuard(SERVER);
    expect(guard.reviewUsed).toBe(false);
    expect(codeOf(() => guard.admit('POST', url(SELF_SUBJECT_RULES_REVIEW_PATH)))).toBeUndefined();
    expect(guard.reviewUsed).toBe(true);
    expect(codeOf(() => guard.admit('POST', url(SELF_SUBJECT_RULES_REVIEW_PATH)))).toBe('WRITE_REFUSED');
  });

  test('the review exception is exact: other reviews, other verbs and look-alike paths are writes', () => {
    for (const [method, path] of [
      ['POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'],
      ['POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews'],
      ['POST', `${SELF_SUBJECT_RULES_REVIEW_PATH}/`],
      ['POST', `${SELF_SUBJECT_RULES_REVIEW_PATH}/../../../../api/v1/namespaces/p/pods`],
      ['PUT', SELF_SUBJECT_RULES_REVIEW_PATH],
      ['POST', '/apis/authorization.k8s.io/v1beta1/selfsubjectrulesreviews'],
    ] as const) {
      expect(codeOf(() => new RequestGuard(SERVER).admit(method, url(path)))).toBe('WRITE_REFUSED');
    }
  });

  test.each([
    '/api/v1/namespaces/p/pods/api-0/exec?command=sh',
    '/api/v1/namespaces/p/pods/api-0/attach',
    '/api/v1/namespaces/p/pods/api-0/portforward',
    '/api/v1/namespaces/p/pods/api-0/proxy/admin/reset',
    '/api/v1/namespaces/p/services/api/proxy/',
    '/api/v1/nodes/n1/proxy/pods',
    '/api/v1/proxy/namespaces/p/pods/api-0',
    '/api/v1/namespaces/p/pods/api-0/%65xec',
    '/api/v1/namespaces/p/pods/api-0/EXEC',
  ])('refuses the connect-like GET %s with CONNECT_REFUSED', (path) => {
    expect(codeOf(() => new RequestGuard(SERVER).admit('GET', url(path)))).toBe('CONNECT_REFUSED');
  });

  test('a namespace or object merely named like a subresource is read normally', () => {
    const guard = new RequestGuard(SERVER);
    for (const path of [
      '/api/v1/namespaces/exec/pods',
      '/api/v1/namespaces/proxy',
      '/api/v1/namespaces/p/pods/exec',
    ]) {
      expect(codeOf(() => guard.admit('GET', url(path)))).toBeUndefined();
    }
  });

  test('honours a path prefix in the server URL, and refuses requests outside it', () => {
    const guard = new RequestGuard('https://rancher.example.com/k8s/clusters/c-1/');
    expect(
      codeOf(() =>
        guard.admit('POST', `https://rancher.example.com/k8s/clusters/c-1${SELF_SUBJECT_RULES_REVIEW_PATH}`),
      ),
    ).toBeUndefined();
    expect(
      codeOf(() => guard.admit('GET', 'https://rancher.example.com/k8s/clusters/c-1/api/v1/pods')),
    ).toBeUndefined();
    expect(codeOf(() => guard.admit('GET', 'https://rancher.example.com/v3/clusters'))).toBe(
      'CONNECT_REFUSED',
    );
  });

  test('tells its listener about every decision', () => {
    const seen: string[] = [];
    const guard = new RequestGuard(SERVER, (d) => seen.push(`${d.method} ${d.path} ${d.admitted}`));
    guard.admit('GET', url('/api'));
    codeOf(() => guard.admit('DELETE', url('/api/v1/namespaces/p')));
    expect(seen).toEqual(['GET /api true', 'DELETE /api/v1/namespaces/p false']);
  });
});
