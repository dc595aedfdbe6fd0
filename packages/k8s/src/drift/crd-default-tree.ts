// Structural defaulting, as the API server applies it to custom resources: where the CRD's
// schema gives a `default` for a field that an object lacks, the server fills it in before it
// stores (and when it reads) the object. An installed policy therefore carries defaults that
// the generator may have left out; expected policies are defaulted the same way before they
// are compared, so a default is never reported as drift, while any other difference is.

/** The parts of an OpenAPI v3 schema that carry defaults. */
export interface DefaultTree {
  readonly default?: unknown;
  readonly properties?: Readonly<Record<string, DefaultTree>>;
  readonly items?: DefaultTree;
  readonly additionalProperties?: DefaultTree;
}

interface SchemaNode {
  readonly default?: unknown;
  readonly properties?: Record<string, SchemaNode>;
  readonly items?: SchemaNode;
  readonly additionalProperties?: SchemaNode | boolean;
}

/** The default-carrying skeleton of a schema, or null when nothing under it has a default. */
export function extractDefaultTree(schema: unknown): DefaultTree | null {
  if (schema === null || typeof schema !== 'object') return null;
  const node = schema as SchemaNode;
  const out: {
    default?: unknown;
    properties?: Record<string, DefaultTree>;
    items?: DefaultTree;
    additionalProperties?: DefaultTree;
  } = {};
  if ('default' in node) out.default = node.default;
  const properties: Record<string, DefaultTree> = {};
  for (const [key, child] of Object.entries(node.properties ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const tree = extractDefaultTree(child);
    if (tree) properties[key] = tree;
  }
  if (Object.keys(properties).length > 0) out.properties = properties;
  const items = extractDefaultTree(node.items);
  if (items) out.items = items;
  const extra =
    typeof node.additionalProperties === 'object' ? extractDefaultTree(node.additionalProperties) : null;
  if (extra) out.additionalProperties = extra;
  return Object.keys(out).length > 0 ? out : null;
}

/** A copy of `value` with the tree's defaults filled in, top-down as the API server does. */
export function applyDefaults(value: unknown, tree: DefaultTree | undefined): unknown {
  if (tree === undefined) return value;
  if (Array.isArray(value)) return tree.items ? value.map((v) => applyDefaults(v, tree.items)) : value;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [key, child] of Object.entries(tree.properties ?? {})) {
    if (!(key in out) && 'default' in child) out[key] = structuredClone(child.default);
    if (key in out) out[key] = applyDefaults(out[key], child);
  }
  if (tree.additionalProperties) {
    for (const key of Object.keys(out)) {
      if (!(key in (tree.properties ?? {}))) out[key] = applyDefaults(out[key], tree.additionalProperties);
    }
  }
  return out;
}
