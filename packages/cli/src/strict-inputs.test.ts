import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from './main.js';
import { fakeIo } from './testing/fake-io.js';

// Every input that decides is read by the one strict JSON reader: a duplicate key, a
// byte-order mark or nesting past the bound is exit 2 with one line naming file and pointer.
const ROOT = join(import.meta.dirname, '../../..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trustladder-strict-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
async function run(args: string[]) {
  const io = fakeIo({ cwd: ROOT });
  const code = await main(args, io);
  return { code, err: io.err() };
}
const CHANGE = '{"repo":"acme/x","files":[{"path":".github/workflows/release.yml","status":"modified"}]}';
const REVIEW = [
  '--attestors',
  'policies/attestors.yaml',
  '--trusted-root',
  'examples/attestation/trusted-root.json',
];

describe('strict inputs on the command line', () => {
  test.each([
    [
      'a change with a duplicate key',
      () => [
        'classify',
        '--input',
        file('dup.json', CHANGE.replace('"repo":"acme/x"', '"repo":"acme/y","repo":"acme/x"')),
      ],
      /\/repo/,
    ],
    [
      'a change with a byte-order mark',
      () => ['review', 'digest', '--input', file('bom.json', `\ufeff${CHANGE}`)],
      /bom\.json/,
    ],
    [
      'a change nested 100,000 deep',
      () => [
        'review',
        'digest',
        '--input',
        file('deep.json', `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
      ],
      /deep\.json/,
    ],
    [
      'an event with a duplicate key',
      () => [
        'ledger',
        'record',
        '--ladder',
        'policies/trust-ladder.yaml',
        '--log',
        join(dir, 'l.jsonl'),
        file(
          'e.json',
          '{"type":"ModelChanged","at":"2026-05-01T00:00:00Z","agent":"ops-e","agent":"dev-e","from":"a","to":"b"}',
        ),
      ],
      /\/agent/,
    ],
    [
      'a review input with a duplicate key',
      () => [
        'review',
        'check',
        '--input',
        file(
          'r.json',
          `{"pr":{"repo":"acme/x","changeDigest":"sha256:${'a'.repeat(64)}","change":${CHANGE}},"task":{"id":"t","tier":"T0","tier":"T3"}}`,
        ),
        ...REVIEW,
      ],
      /\/task\/tier/,
    ],
    [
      'a path with a zero-width prefix',
      () => ['classify', '--input', file('zw.json', CHANGE.replace('.github', '\u200b.github'))],
      /\/files\/0\/path/,
    ],
    [
      'an --at that only looks like a date',
      () => [
        'review',
        'check',
        '--input',
        'examples/attestation/review-t2.json',
        ...REVIEW,
        '--at',
        '2026-99-99T99:99:99Z',
      ],
      /--at/,
    ],
  ])('%s is exit 2 with one line', async (_, args, where) => {
    const r = await run(args());
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(where);
  });
});
