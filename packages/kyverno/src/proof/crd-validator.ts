import type { Issue } from '@trustladder/core';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { CRD_SCHEMAS } from './crd-schemas.generated.js';

export type CrdKind = keyof typeof CRD_SCHEMAS;
type Schema = Record<string, unknown>;

// ObjectMeta as the API server validates it, for the fields a cluster-scoped policy may set.
// The CRD only says `type: object`, and anything else in metadata (a namespace on a cluster
// object, a typo'd "annotation") would be dropped or refused by the server, not by the CRD.
const OBJECT_META: Schema = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: {
      type: 'string',
      maxLength: 253,
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
    },
    labels: {
      type: 'object',
      propertyNames: {
        pattern: '^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$',
      },
      additionalProperties: {
        type: 'string',
        maxLength: 63,
        pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$',
      },
    },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

// Turns a CRD's structural openAPIV3Schema into a JSON Schema that refuses what the API
// server would silently drop: every object with declared properties and no
// x-kubernetes-preserve-unknown-fields gets additionalProperties: false. Kubernetes
// extensions become plain JSON Schema (int-or-string, nullable, set-type lists) and the
// top-level status, which a policy file must not carry, is removed.
export function strictCrdSchema(openApi: Schema): Schema {
  const root = strictify(openApi);
  const properties: Record<string, Schema> = {
    ...(root.properties as Record<string, Schema>),
    metadata: OBJECT_META,
  };
  delete properties.status;
  return { ...root, properties, required: ['apiVersion', 'kind', 'metadata', 'spec'] };
}

function strictify(node: unknown): Schema {
  const s = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(s)) {
    if (key.startsWith('x-kubernetes-') || key === 'nullable') continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, strictify(v)]),
      );
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = typeof value === 'object' ? strictify(value) : value;
    } else if (key === 'oneOf' || key === 'anyOf' || key === 'allOf') {
      out[key] = (value as unknown[]).map(strictify);
    } else if (key === 'not') {
      out[key] = strictify(value);
    } else out[key] = value;
  }
  if (s['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (s.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (s['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;
  if (s['x-kubernetes-list-type'] === 'map' && Array.isArray(s['x-kubernetes-list-map-keys'])) {
    out.listMapKeys = s['x-kubernetes-list-map-keys'];
  }
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    s['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

// strictRequired off: the CRDs' oneOf branches name required fields declared beside them.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
ajv.addFormat('int32', {
  type: 'number',
  validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
});
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
ajv.addFormat('date-time', { type: 'string', validate: (s: string) => !Number.isNaN(Date.parse(s)) });
// x-kubernetes-list-type: map: items are unique by their key fields.
ajv.addKeyword({
  keyword: 'listMapKeys',
  type: 'array',
  schemaType: 'array',
  validate: (keys: string[], data: unknown[]) => {
    const seen = new Set(
      data.map((item) => JSON.stringify(keys.map((k) => (item as Record<string, unknown>)[k]))),
    );
    return seen.size === data.length;
  },
});

const validators = new Map<CrdKind, ValidateFunction>();
function validatorFor(kind: CrdKind): ValidateFunction {
  let v = validators.get(kind);
  if (!v) {
    v = ajv.compile(strictCrdSchema(CRD_SCHEMAS[kind] as Schema));
    validators.set(kind, v);
  }
  return v;
}

/** Whether a document is one of the kinds whose CRD is vendored. */
export function isCrdKind(kind: unknown): kind is CrdKind {
  return typeof kind === 'string' && Object.hasOwn(CRD_SCHEMAS, kind);
}

// Validates a generated document against its CRD (served version v1), refusing unknown
// fields. Returns every issue, each with the JSON pointer of the offending value.
export function validateAgainstCrd(document: unknown): Issue[] {
  const { apiVersion, kind } = (document ?? {}) as { apiVersion?: unknown; kind?: unknown };
  if (!isCrdKind(kind))
    return [{ code: 'unknown_kind', path: '/kind', message: `no vendored CRD for kind ${String(kind)}` }];
  if (apiVersion !== 'policies.kyverno.io/v1') {
    return [
      { code: 'api_version', path: '/apiVersion', message: `${kind} is generated as policies.kyverno.io/v1` },
    ];
  }
  const validate = validatorFor(kind);
  if (validate(document)) return [];
  return (validate.errors ?? []).map(toIssue);
}

function toIssue(e: ErrorObject): Issue {
  if (e.keyword === 'additionalProperties') {
    const name = String((e.params as { additionalProperty?: unknown }).additionalProperty);
    return {
      code: 'unknown_field',
      path: `${e.instancePath}/${name}`,
      message: 'unknown field: the API server would drop it',
    };
  }
  return { code: e.keyword, path: e.instancePath, message: e.message ?? e.keyword };
}
