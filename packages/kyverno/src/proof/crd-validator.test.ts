import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, test } from 'vitest';
// @ts-expect-error plain ESM helper shared with the vendoring script
import { vendoredSchemas } from '../../scripts/vendored-schemas.mjs';
import { buildPolicies } from '../generate/generate.js';
import { defaultAttestors } from '../testdata/policies.js';
import { CRD_SCHEMAS } from './crd-schemas.generated.js';
import { strictCrdSchema, validateAgainstCrd } from './crd-validator.js';

const policies = () => buildPolicies(defaultAttestors());
const codes = (doc: unknown) => validateAgainstCrd(doc).map((i) => [i.code, i.path]);
type Node = Record<string | number, unknown>;
const dig = (value: unknown, ...path: Array<string | number>): unknown =>
  path.reduce<unknown>((node, key) => (node as Node)[key], value);
/** The first generated policy with the value at `path` set (or deleted, for undefined). */
const mutate = (path: Array<string | number>, value: unknown) => {
  const [p] = structuredClone(policies());
  const parent = dig(p, ...path.slice(0, -1)) as Node;
  const key = path[path.length - 1] as string | number;
  if (value === undefined) delete parent[key];
  else parent[key] = value;
  return p;
};

describe('validateAgainstCrd', () => {
  test('every generated policy satisfies its CRD (v1) with unknown fields refused', () => {
    for (const p of policies()) expect(validateAgainstCrd(p), p.metadata.name).toEqual([]);
  });

  test('refuses unknown fields at any depth, as the API server would silently drop them', () => {
    expect(codes(mutate(['spec', 'validationAction'], ['Deny']))).toEqual([
      ['unknown_field', '/spec/validationAction'],
    ]);
    expect(
      codes(mutate(['spec', 'attestors', 0, 'cosign', 'keyless', 'identities', 0, 'subjectRegex'], '^x$')),
    ).toEqual([['unknown_field', '/spec/attestors/0/cosign/keyless/identities/0/subjectRegex']]);
    expect(codes(mutate(['spec', 'matchConstraints', 'namespaceSelector', 'matchLabel'], {}))).toEqual([
      ['unknown_field', '/spec/matchConstraints/namespaceSelector/matchLabel'],
    ]);
  });

  test('refuses wrong types, enums and a namespace on these cluster-scoped policies', () => {
    expect(codes(mutate(['spec', 'failurePolicy'], 'Closed'))).toEqual([['enum', '/spec/failurePolicy']]);
    expect(codes(mutate(['spec', 'validationConfigurations', 'verifyDigest'], 'yes'))).toEqual([
      ['type', '/spec/validationConfigurations/verifyDigest'],
    ]);
    expect(codes(mutate(['metadata', 'namespace'], 'kyverno'))).toEqual([
      ['unknown_field', '/metadata/namespace'],
    ]);
    expect(codes(mutate(['status'], {}))).toEqual([['unknown_field', '/status']]);
  });

  test('refuses another apiVersion and unknown kinds', () => {
    expect(codes(mutate(['apiVersion'], 'policies.kyverno.io/v1alpha1'))).toEqual([
      ['api_version', '/apiVersion'],
    ]);
    expect(codes({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy' })).toEqual([
      ['unknown_kind', '/kind'],
    ]);
  });
});

describe('strictCrdSchema', () => {
  test('maps the Kubernetes extensions onto JSON Schema', () => {
    const s = strictCrdSchema({
      type: 'object',
      properties: {
        metadata: { type: 'object' },
        spec: {
          type: 'object',
          properties: {
            port: { 'x-kubernetes-int-or-string': true },
            free: {
              type: 'object',
              'x-kubernetes-preserve-unknown-fields': true,
              properties: { a: { type: 'string' } },
            },
            tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
            note: { type: 'string', nullable: true },
          },
        },
      },
    });
    const spec = dig(s, 'properties', 'spec');
    expect(dig(spec, 'additionalProperties')).toBe(false);
    expect(dig(spec, 'properties', 'port')).toEqual({ anyOf: [{ type: 'integer' }, { type: 'string' }] });
    expect(dig(spec, 'properties', 'free', 'additionalProperties')).toBeUndefined();
    expect(dig(spec, 'properties', 'tags', 'uniqueItems')).toBe(true);
    expect(dig(spec, 'properties', 'note', 'type')).toEqual(['string', 'null']);
  });
});

describe('vendored CRD schemas', () => {
  const shared = join(import.meta.dirname, '../../../../../shared/kyverno-crds');
  test.skipIf(!existsSync(shared))(
    'equal the v1 schemas of the Kyverno CRDs in ../shared/kyverno-crds',
    () => {
      const fresh = vendoredSchemas((file: string) => load(readFileSync(join(shared, file), 'utf8')));
      expect(fresh).toEqual(CRD_SCHEMAS);
    },
  );
});
