// The consumer project's one source file: imports every entry point of every package, touches
// every runtime export by name (so the type-check proves each one is declared), and checks at
// run time that each is really there. CommonJS and ESM get the same text: under
// `module: nodenext` TypeScript compiles it to require() or import by the package's "type".
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The runtime export names of one entry point of an installed package. */
export async function exportNames(packageDir, entry) {
  const file = typeof entry === 'string' ? entry : entry.default;
  const module = await import(pathToFileURL(join(packageDir, file)).href);
  return Object.keys(module).sort();
}

/** @param {Record<string, string[]>} exports specifier -> runtime export names */
export function consumerSource(exports) {
  const specifiers = Object.keys(exports).sort();
  const lines = specifiers.map((s, i) => `import * as m${i} from '${s}';`);
  lines.push('', 'const touched: unknown[] = [');
  specifiers.forEach((s, i) => {
    for (const name of exports[s] ?? []) lines.push(`  m${i}.${name},`);
  });
  lines.push('];', '');
  // The public input types from the tarball: a typed change compiles, a bogus status does not
  // (tsc fails on an unused @ts-expect-error), and untrusted input still goes in as unknown.
  const core = specifiers.indexOf('@trustladder/core');
  if (core >= 0) {
    lines.push(
      `const typedChange: m${core}.Change = { files: [{ path: 'db/migrations/1.sql', status: 'added' }] };`,
      `const defaultPolicy = m${core}.loadBlastRadiusPolicy(m${core}.DEFAULT_POLICY_TEXTS['blast-radius']);`,
      `if (m${core}.classify(defaultPolicy, typedChange).tier !== 'T3') throw new Error('a migration is T3');`,
      `// @ts-expect-error 'bogus' is not a file status`,
      `const bogus: m${core}.Change = { files: [{ path: 'a.ts', status: 'bogus' }] };`,
      `const untrusted: unknown = JSON.parse(JSON.stringify(bogus));`,
      `try { m${core}.classify(defaultPolicy, untrusted); throw new Error('a bogus status classified'); }`,
      `catch (e) { if (!m${core}.isTrustladderError(e)) throw e; }`,
      '',
    );
  }
  lines.push(`const expected: Array<[string, Record<string, unknown>, string[]]> = [`);
  specifiers.forEach((s, i) => {
    lines.push(`  ['${s}', m${i}, ${JSON.stringify(exports[s])}],`);
  });
  lines.push('];');
  // The generated text's own template literals, kept out of this file's.
  const tick = '`';
  lines.push(
    'for (const [specifier, module, names] of expected) {',
    '  for (const name of names) {',
    `    if (module[name] === undefined) throw new Error(${tick}\${specifier} has no export \${name}${tick});`,
    '  }',
    '}',
    `console.log(${tick}\${touched.length} exports of \${expected.length} entry points${tick});`,
    '',
  );
  return lines.join('\n');
}
