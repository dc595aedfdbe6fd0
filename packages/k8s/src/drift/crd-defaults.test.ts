import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '@trustladder/core';
import { describe, expect, test } from 'vitest';
import { applyDefaults, type DefaultTree, extractDefaultTree } from './crd-default-tree.js';
import { CRD_SPEC_DEFAULTS } from './crd-defaults.generated.js';

// The CRDs live beside the repository (../shared/kyverno-crds, Kyverno v1.19.0), where CI has
// them too. The committed table is what the observer uses at run time; this test regenerates
// it from the CRDs and fails on any difference (TRUSTLADDER_WRITE_CRD_DEFAULTS=1 rewrites it).
const ROOT = join(import.meta.dirname, '../../../..');
const CRDS = join(ROOT, '../shared/kyverno-crds');
const FILES = {
  ImageValidatingPolicy: 'policies.kyverno.io_imagevalidatingpolicies.yaml',
  ValidatingPolicy: 'policies.kyverno.io_validatingpolicies.yaml',
} as const;

function specDefaults(file: string): DefaultTree | null {
  const parsed = parseYaml(readFileSync(join(CRDS, file), 'utf8'), {
    maxBytes: 8 * 1024 * 1024,
    maxNodes: 2_000_000,
    maxDepth: 128,
  });
  if (!parsed.ok) throw new Error(`${file}: ${parsed.issues[0]?.message}`);
  const crd = parsed.value.value as {
    spec: {
      versions: Array<{ name: string; schema: { openAPIV3Schema: { properties: { spec: unknown } } } }>;
    };
  };
  const v1 = crd.spec.versions.find((v) => v.name === 'v1');
  if (!v1) throw new Error(`${file}: no v1`);
  return extractDefaultTree(v1.schema.openAPIV3Schema.properties.spec);
}

describe('CRD defaults', () => {
  // Skipped only where the CRDs are not beside the checkout (a clone elsewhere), as the
  // vendored-schema check of @trustladder/kyverno is.
  test.skipIf(!existsSync(CRDS))('the committed table matches the Kyverno CRDs', () => {
    const fresh = Object.fromEntries(
      Object.entries(FILES).map(([kind, file]) => [kind, specDefaults(file) ?? {}]),
    );
    if (process.env.TRUSTLADDER_WRITE_CRD_DEFAULTS === '1') {
      writeFileSync(
        join(import.meta.dirname, 'crd-defaults.generated.ts'),
        `// Generated from the v1 schemas of Kyverno v1.19.0's CRDs (../shared/kyverno-crds) by
// crd-defaults.test.ts; regenerate with TRUSTLADDER_WRITE_CRD_DEFAULTS=1. Do not edit.
import type { DefaultTree } from './crd-default-tree.js';

/** The defaults the API server applies under each policy kind's spec. */
export const CRD_SPEC_DEFAULTS: Readonly<Record<'ImageValidatingPolicy' | 'ValidatingPolicy', DefaultTree>> = ${JSON.stringify(fresh, null, 2)};
`,
      );
    }
    expect(CRD_SPEC_DEFAULTS).toEqual(fresh);
  });

  test('applies a default only where the field is missing, then the defaults inside it', () => {
    const tree: DefaultTree = {
      properties: {
        validationConfigurations: {
          default: {},
          properties: { required: { default: true }, verifyDigest: { default: true } },
        },
        evaluation: { properties: { admission: { properties: { enabled: { default: true } } } } },
      },
    };
    expect(applyDefaults({}, tree)).toEqual({
      validationConfigurations: { required: true, verifyDigest: true },
    });
    expect(applyDefaults({ validationConfigurations: { required: false } }, tree)).toEqual({
      validationConfigurations: { required: false, verifyDigest: true },
    });
    // An absent parent without a default stays absent: the server does not invent it.
    expect(applyDefaults({ evaluation: {} }, tree)).toEqual({
      evaluation: {},
      validationConfigurations: { required: true, verifyDigest: true },
    });
    expect(applyDefaults({ evaluation: { admission: {} } }, tree)).toMatchObject({
      evaluation: { admission: { enabled: true } },
    });
  });

  test('defaults every item of a list', () => {
    const tree: DefaultTree = { items: { properties: { name: { default: '' } } } };
    expect(applyDefaults([{}, { name: 'x' }], tree)).toEqual([{ name: '' }, { name: 'x' }]);
  });
});
