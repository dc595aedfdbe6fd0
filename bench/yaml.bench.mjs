// The bounded YAML loader (parseYaml: js-yaml's event parser, construction, the tree checks
// and the position of every node) on the default policy and on generated documents up to
// about half the 4 MiB bound, in CPU time. Positions cost one pass over the events, and one
// construction per distinct key text.
import { DEFAULT_POLICY_TEXTS, parseYaml } from '@trustladder/core';
import { medianCpuMs as time } from './median-time.mjs';

function generated(items) {
  return Array.from(
    { length: items },
    (_, i) => `k${i}:\n  name: "item ${i}"\n  n: ${i}\n  tags: [a, b, c]\n  note: |\n    line ${i}\n`,
  ).join('');
}

console.log('| document | KiB | parseYaml (ms) | MiB/s |');
console.log('|---|---:|---:|---:|');
const documents = [
  ['default blast-radius policy', DEFAULT_POLICY_TEXTS['blast-radius']],
  ['generated, 1,000 mappings', generated(1_000)],
  ['generated, 30,000 mappings', generated(30_000)],
];
for (const [name, text] of documents) {
  if (!parseYaml(text).ok) throw new Error(`${name} does not load`);
  const ms = time(() => parseYaml(text));
  const kib = text.length / 1024;
  console.log(
    `| ${name} | ${kib.toFixed(0)} | ${ms.toFixed(2)} | ${(kib / 1024 / (ms / 1000)).toFixed(1)} |`,
  );
}
