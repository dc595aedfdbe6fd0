import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { describe, expect } from 'vitest';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { AJV_OPTIONS } from '../load/ajv-options.js';
import { parseJson } from '../load/json.js';
import { parseYaml } from '../load/yaml.js';
import { arbitraryChange } from '../testing/change-arbitraries.js';
import { propConfig } from '../testing/prop-config.js';
import { SCHEMAS, type SchemaName } from './index.js';
import { VALIDATORS } from './validators.generated.js';

// The engine validates with Ajv's standalone code generated at build time
// (scripts/generate-validators.mjs). Each generated validator must be the validator Ajv
// compiles at run time from the same schema and options: the same verdict and the same
// errors (pointer, keyword, schema path, parameters, message), on valid and invalid input.

const ROOT = join(import.meta.dirname, '../../../..');
const runtime = new Ajv2020(AJV_OPTIONS);
for (const schema of Object.values(SCHEMAS)) runtime.addSchema(schema);
const NAMES = Object.keys(SCHEMAS).sort() as SchemaName[];

type Validate = ((value: unknown) => boolean) & { errors?: ErrorObject[] | null };

function outcome(fn: Validate, value: unknown) {
  const valid = fn(value);
  // `data` and `schema` are absent without the verbose option; compare everything else.
  return { valid, errors: valid ? null : (fn.errors ?? null) };
}

function agree(name: SchemaName, value: unknown): void {
  const compiled = runtime.getSchema(SCHEMAS[name].$id) as Validate;
  const standalone = (VALIDATORS as Record<SchemaName, Validate>)[name];
  expect(outcome(standalone, value), name).toEqual(outcome(compiled, value));
}

// Every JSON and YAML document of the repository's examples, policies and test data: each is
// valid for (at most) its own schema and invalid, in its own way, for the forty others.
function corpus(): Array<{ file: string; value: unknown }> {
  const out: Array<{ file: string; value: unknown }> = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(path);
      } else if (/\.(json|ya?ml)$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        const parsed = entry.name.endsWith('.json') ? parseJson(text) : parseYaml(text);
        if (parsed.ok) out.push({ file: relative(ROOT, path), value: parsed.value.value });
      }
    }
  };
  for (const dir of ['examples', 'policies', 'packages/core/src', 'packages/cli/src']) walk(join(ROOT, dir));
  for (const [name, text] of Object.entries(DEFAULT_POLICY_TEXTS)) {
    const parsed = parseYaml(text);
    if (parsed.ok) out.push({ file: `default ${name}`, value: parsed.value.value });
  }
  return out;
}

const CORPUS = corpus();

describe('the standalone validators', () => {
  test('there is one for every schema, and no other', () => {
    expect(Object.keys(VALIDATORS).sort()).toEqual(NAMES);
  });

  test('the corpus holds valid documents of many schemas (the comparison sees both verdicts)', () => {
    const validFor = new Set(
      NAMES.filter((n) => CORPUS.some(({ value }) => (runtime.getSchema(SCHEMAS[n].$id) as Validate)(value))),
    );
    expect(CORPUS.length).toBeGreaterThan(50);
    expect(validFor.size).toBeGreaterThanOrEqual(10);
  });

  test.each(NAMES)('%s: the same verdict and errors as Ajv at run time on every corpus document', (name) => {
    for (const { value } of CORPUS) agree(name, value);
  });

  // A corpus document with one value replaced, removed or added somewhere inside it: invalid
  // in every way the schemas can say, close to valid ones.
  const mutated = fc
    .tuple(
      fc.constantFrom(...CORPUS.map((c) => c.value)),
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.jsonValue(),
    )
    .map(([doc, steps, replacement]) => mutate(doc, steps, replacement));

  test.prop([fc.constantFrom(...NAMES), mutated], propConfig(400))(
    'the same verdict and errors on mutated corpus documents',
    (name, value) => agree(name, value),
  );

  test.prop([fc.constantFrom(...NAMES), fc.jsonValue()], propConfig(200))(
    'the same verdict and errors on arbitrary JSON',
    (name, value) => agree(name, value),
  );

  test.prop([arbitraryChange()], propConfig(100))(
    'the same verdict and errors on generated changes',
    (change) => agree('change', change),
  );
});

// Walks `steps` into a copy of `doc` (each step picks a child by index) and there replaces
// the value, drops a key or adds an unknown one, by the last step's parity.
function mutate(doc: unknown, steps: readonly number[], replacement: unknown): unknown {
  const copy = structuredClone(doc);
  let node: unknown = copy;
  for (const [i, step] of steps.entries()) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[step % keys.length] as string;
    const container = node as Record<string, unknown>;
    if (i === steps.length - 1) {
      if (step % 3 === 0) container[key] = replacement;
      else if (step % 3 === 1 && !Array.isArray(container)) delete container[key];
      else if (!Array.isArray(container)) container[`x-${step}`] = replacement;
      return copy;
    }
    node = container[key];
  }
  return steps.length === 0 ? replacement : copy;
}
