#!/usr/bin/env node
// `pnpm bench`: builds the packages, then runs every bench/*.bench.mjs in turn. Each prints
// its own table. Speed is measured here, never asserted in a test.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
execFileSync('pnpm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
for (const file of benches) {
  console.log(`\n## ${file}\n`);
  execFileSync(process.execPath, ['--expose-gc', join(root, 'bench', file)], { cwd: root, stdio: 'inherit' });
}
