import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { K8sError } from '../errors.js';
import { RequestGuard, SELF_SUBJECT_RULES_REVIEW_PATH } from './request-guard.js';

const runs = Number(process.env.TRUSTLADDER_PROP_RUNS ?? 1000);
const SERVER = 'https://10.0.0.1:6443';

const method = fc.oneof(
  fc.constantFrom(
    'GET',
    'POST',
    'PUT',
    'PATCH',
    'DELETE',
    'HEAD',
    'OPTIONS',
    'get',
    'post',
    'patch',
    'delete',
  ),
  fc.stringMatching(/^[A-Za-z]{1,8}$/),
);
const segment = fc.oneof(
  fc.constantFrom(
    'api',
    'apis',
    'v1',
    'apps',
    'namespaces',
    'pods',
    'deployments',
    'exec',
    'proxy',
    'attach',
    'portforward',
    'authorization.k8s.io',
    'selfsubjectrulesreviews',
    '..',
    '.',
    '%65xec',
    'scale',
  ),
  fc.stringMatching(/^[a-z0-9.-]{1,10}$/),
);
const path = fc.oneof(
  fc.array(segment, { minLength: 0, maxLength: 7 }).map((s) => `/${s.join('/')}`),
  fc.constant(SELF_SUBJECT_RULES_REVIEW_PATH),
);

describe('RequestGuard (property)', () => {
  // The read-only invariant at its source: whatever sequence of requests is attempted, the
  // guard admits GETs and at most one POST, and that POST is the rules review.
  test.prop([fc.array(fc.tuple(method, path), { maxLength: 30 })], { numRuns: runs, seed: 6006 })(
    'admits nothing but GETs and at most one rules-review POST',
    (requests) => {
      const guard = new RequestGuard(SERVER);
      const admitted: Array<[string, string]> = [];
      for (const [m, p] of requests) {
        try {
          guard.admit(m, `${SERVER}${p}`);
          admitted.push([m.toUpperCase(), new URL(`${SERVER}${p}`).pathname]);
        } catch (e) {
          expect(e).toBeInstanceOf(K8sError);
          expect(['WRITE_REFUSED', 'CONNECT_REFUSED']).toContain((e as K8sError).code);
        }
      }
      const posts = admitted.filter(([m]) => m !== 'GET');
      expect(posts.length).toBeLessThanOrEqual(1);
      for (const [m, p] of posts) {
        expect(m).toBe('POST');
        expect(p).toBe(SELF_SUBJECT_RULES_REVIEW_PATH);
      }
      expect(guard.counts.admitted).toBe(admitted.length);
    },
  );

  const name = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
  const connect = fc.constantFrom('exec', 'attach', 'portforward', 'proxy', 'EXEC', '%65xec', 'pro%78y');
  test.prop([name, name, fc.constantFrom('pods', 'services', 'nodes'), connect, fc.boolean()], {
    numRuns: runs,
    seed: 6007,
  })(
    'refuses every exec, attach, portforward and proxy of any object, however spelt',
    (ns, obj, kind, sub, namespaced) => {
      const path = namespaced
        ? `/api/v1/namespaces/${ns}/${kind}/${obj}/${sub}`
        : `/api/v1/${kind}/${obj}/${sub}/x`;
      expect(() => new RequestGuard(SERVER).admit('GET', `${SERVER}${path}`)).toThrow(
        expect.objectContaining({ code: 'CONNECT_REFUSED' }),
      );
    },
  );
});
