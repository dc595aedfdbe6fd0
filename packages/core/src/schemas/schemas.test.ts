import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { SCHEMAS } from './index.js';

const DIR = join(import.meta.dirname, '../../../../schemas');

describe('schemas/', () => {
  test('the embedded copies are the files in schemas/', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.schema.json'));
    expect(Object.keys(SCHEMAS).sort()).toEqual(files.map((f) => f.replace(/\.schema\.json$/, '')).sort());
    for (const file of files) {
      const key = file.replace(/\.schema\.json$/, '') as keyof typeof SCHEMAS;
      expect(SCHEMAS[key]).toEqual(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
    }
  });

  test.each(Object.entries(SCHEMAS))(
    '%s is a strict JSON Schema 2020-12 named after its file',
    (name, schema) => {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`https://trustladder.dev/schemas/${name}.schema.json`);
      const ajv = new Ajv2020({
        strict: true,
        strictRequired: false,
        allErrors: true,
        allowUnionTypes: true,
      });
      for (const other of Object.values(SCHEMAS)) if (other !== schema) ajv.addSchema(other);
      expect(() => ajv.compile(schema)).not.toThrow();
    },
  );
});
