import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultAttestors } from '../testdata/policies.js';
import { generateKyverno } from './generate.js';

// The kyverno/ directory is the product: the policies a cluster admits with, and the
// .kyverno-test fixtures Kyverno's engine runs them against. Generated from the default
// attestors.yaml it must be byte for byte what is committed (the file snapshot cdk8s keeps),
// so that any change to what a policy admits shows up here, in the generator's own tests, and
// in the diff of kyverno/ a reviewer reads, not only in CI's drift stage.
const COMMITTED = join(import.meta.dirname, '../../../../kyverno');

function committedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const path of readdirSync(COMMITTED, { recursive: true, encoding: 'utf8' }).sort())
    if (statSync(join(COMMITTED, path)).isFile())
      files.set(path, readFileSync(join(COMMITTED, path), 'utf8'));
  return files;
}

describe('the generator from the default attestors.yaml', () => {
  test('writes exactly the committed kyverno/ directory: the same files, byte for byte', () => {
    const generated = generateKyverno(defaultAttestors()).files;
    const committed = committedFiles();
    expect(generated.map((f) => f.path).sort()).toEqual([...committed.keys()]);
    for (const f of generated) expect(f.content, f.path).toBe(committed.get(f.path));
  });
});
