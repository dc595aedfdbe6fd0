// Shared by vendor-crds.mjs and the test that checks the vendored copy is current.
export const CRD_FILES = {
  ImageValidatingPolicy: 'policies.kyverno.io_imagevalidatingpolicies.yaml',
  ValidatingPolicy: 'policies.kyverno.io_validatingpolicies.yaml',
};

/** The v1 openAPIV3Schema of each kind, without descriptions. */
export function vendoredSchemas(load) {
  const out = {};
  for (const [kind, file] of Object.entries(CRD_FILES)) {
    const crd = load(file);
    const v1 = crd.spec.versions.find((v) => v.name === 'v1');
    if (!v1?.served) throw new Error(`${file}: no served v1 version`);
    out[kind] = stripDescriptions(v1.schema.openAPIV3Schema);
  }
  return out;
}

function stripDescriptions(schema) {
  if (Array.isArray(schema)) return schema.map(stripDescriptions);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' && typeof value === 'string') continue;
    if (key === 'properties') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, stripDescriptions(s)]));
    } else out[key] = stripDescriptions(value);
  }
  return out;
}
