import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createSigstoreWorld, type SigstoreWorld } from '@trustladder/attest/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';

// `ledger verify --checkpoint`: a Sigstore bundle over the statement `ledger checkpoint`
// prints, verified with the review gate's verifier against the attestor policy's checkpoint
// signer, then the log must hold that head at that seq.
const ROOT = join(import.meta.dirname, '../../../..');
const LADDER = join(ROOT, 'policies/trust-ladder.yaml');
const GITHUB = 'https://token.actions.githubusercontent.com';
const SIGNER = 'https://github.com/acme/ops/.github/workflows/ledger-checkpoint.yml@refs/heads/main';
const BUILD = 'https://github.com/acme/payments-api/.github/workflows/release.yml@refs/heads/main';
const ATTESTORS = `${readFileSync(join(ROOT, 'policies/attestors.yaml'), 'utf8').replace(
  /^attestors:\n/m,
  `attestors:
  - name: ledger-checkpoint
    issuer: ${GITHUB}
    subject: ${SIGNER}
    predicateType: https://trustladder.dev/attestations/ledger-checkpoint/v1
`,
)}`;

let world: SigstoreWorld;
let dir: string;
const path = (name: string) => join(dir, name);
const write = (name: string, text: string) => {
  writeFileSync(path(name), text);
  return path(name);
};

async function run(args: string[], stdin?: string) {
  const io = fakeIo({ ...(stdin === undefined ? {} : { stdin }), cwd: dir });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const at = (s: number) => new Date(Date.UTC(2026, 3, 1) + s * 1000).toISOString().replace('.000Z', 'Z');
const lines = (from: number, n: number, agent = 'dev-e') =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      type: 'RunCompleted',
      at: at(from + i),
      agent,
      taskClass: 'docs-update',
      tier: 'T0',
      outcome: 'success',
    }),
  ).join('\n');
const ledger = (sub: string, log: string) => ['ledger', sub, '--ladder', LADDER, '--log', log];
const verify = (log: string, bundle: string, attestors = 'attestors.yaml') =>
  run([
    ...ledger('verify', log),
    '--checkpoint',
    bundle,
    '--attestors',
    path(attestors),
    '--trusted-root',
    path('root.json'),
  ]);
const codes = (out: string) => [...out.matchAll(/: ([a-z_]+): /g)].map((m) => m[1]);

async function statementOf(log: string): Promise<Record<string, unknown>> {
  const r = await run(ledger('checkpoint', log));
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

let statement: Record<string, unknown>;
beforeAll(async () => {
  world = await createSigstoreWorld();
  dir = mkdtempSync(join(tmpdir(), 'trustladder-cli-checkpoint-'));
  write('attestors.yaml', ATTESTORS);
  write('root.json', JSON.stringify(world.trustedRoot));
  expect((await run([...ledger('record', 'ledger.db'), '-'], lines(0, 5))).code).toBe(0);
  statement = await statementOf('ledger.db');
  write(
    'good.json',
    JSON.stringify(await world.sign({ subject: SIGNER, issuer: GITHUB, payload: statement })),
  );
  // The log goes on after the checkpoint: a later log still holds the anchored head.
  expect((await run([...ledger('record', 'ledger.db'), '-'], lines(5, 3))).code).toBe(0);
}, 60_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  return world.close();
});

describe('ledger verify --checkpoint', () => {
  test('a signed checkpoint of an earlier head passes, naming the signer', async () => {
    const r = await verify('ledger.db', path('good.json'));
    expect(r.err).toBe('');
    expect(r.out).toContain(`holds the checkpoint 5 signed by ledger-checkpoint (${SIGNER})`);
    expect(r.code).toBe(0);
  });

  test('a log cut below the checkpoint fails', async () => {
    const copy = path('cut.db');
    writeFileSync(copy, readFileSync(path('ledger.db')));
    const db = new DatabaseSync(copy);
    db.exec('DELETE FROM events WHERE seq >= 4');
    db.close();
    const r = await verify(copy, path('good.json'));
    expect(r.code).toBe(1);
    expect(codes(r.out)).toContain('head_mismatch');
  });

  test('a rewritten history (another log of the same length) fails', async () => {
    expect((await run([...ledger('record', 'other.db'), '-'], lines(0, 8, 'ops-e'))).code).toBe(0);
    const r = await verify(path('other.db'), path('good.json'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/head_mismatch: seq 5 has sha256:[0-9a-f]{64}, not the expected/);
  });

  test('a checkpoint signed by another identity, even a trusted attestor, fails', async () => {
    const bundle = await world.sign({ subject: BUILD, issuer: GITHUB, payload: statement });
    const r = await verify('ledger.db', write('by-build.json', JSON.stringify(bundle)));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/checkpoint_refused: .*SUBJECT_MISMATCH/);
    const rogue = await world.sign({ subject: SIGNER, issuer: GITHUB, payload: statement, rogueCa: true });
    const untrusted = await verify('ledger.db', write('rogue.json', JSON.stringify(rogue)));
    expect(untrusted.code).toBe(1);
    expect(untrusted.out).toMatch(/checkpoint_refused: .*UNTRUSTED_CERTIFICATE/);
  });

  test('a statement over another predicate type fails', async () => {
    const other = { ...statement, predicateType: 'https://slsa.dev/provenance/v1' };
    const bundle = await world.sign({ subject: SIGNER, issuer: GITHUB, payload: other });
    const r = await verify('ledger.db', write('other-type.json', JSON.stringify(bundle)));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/checkpoint_refused: .*PREDICATE_TYPE_MISMATCH/);
  });

  test('a tampered statement (the head moved after signing) fails', async () => {
    const bundle = JSON.parse(readFileSync(path('good.json'), 'utf8'));
    const signed = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
    signed.predicate.seq = 8;
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(signed)).toString('base64');
    const r = await verify('ledger.db', write('tampered.json', JSON.stringify(bundle)));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/checkpoint_refused: .*PAYLOAD_TAMPERED/);
  });

  test('a signed statement whose subject and predicate disagree fails', async () => {
    const split = { ...statement, subject: [{ name: 'ledger-head-5', digest: { sha256: '0'.repeat(64) } }] };
    const bundle = await world.sign({ subject: SIGNER, issuer: GITHUB, payload: split });
    const r = await verify('ledger.db', write('split.json', JSON.stringify(bundle)));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/checkpoint_refused: .*SUBJECT_DIGEST_MISMATCH/);
  });

  test('a checkpoint taken under another trust ladder fails', async () => {
    const predicate = { ...(statement.predicate as object), ladder: `sha256:${'1'.repeat(64)}` };
    const bundle = await world.sign({
      subject: SIGNER,
      issuer: GITHUB,
      payload: { ...statement, predicate },
    });
    const r = await verify('ledger.db', write('ladder.json', JSON.stringify(bundle)));
    expect(r.code).toBe(1);
    expect(codes(r.out)).toEqual(['checkpoint_ladder']);
  });

  test('an unreadable or malformed bundle is an input error (exit 2)', async () => {
    for (const text of ['{not json', '{}', JSON.stringify({ mediaType: 'x', dsseEnvelope: {} })]) {
      const r = await verify('ledger.db', write('bad.json', text));
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
    }
    const missing = await verify('ledger.db', path('absent.json'));
    expect(missing.code).toBe(2);
  });

  test('without a checkpoint signer in the attestor policy nothing is verified (exit 2)', async () => {
    write('no-signer.yaml', readFileSync(join(ROOT, 'policies/attestors.yaml'), 'utf8'));
    const r = await verify('ledger.db', path('good.json'), 'no-signer.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /no attestor attests https:\/\/trustladder\.dev\/attestations\/ledger-checkpoint\/v1/,
    );
    const bare = await run([...ledger('verify', 'ledger.db'), '--checkpoint', path('good.json')]);
    expect(bare.code).toBe(2);
    expect(bare.err).toMatch(/--checkpoint needs --attestors/);
    const both = await run([
      ...ledger('verify', 'ledger.db'),
      '--checkpoint',
      path('good.json'),
      '--expect-head',
      `5:sha256:${'0'.repeat(64)}`,
    ]);
    expect(both.code).toBe(2);
  });

  test('checkpoint refuses an empty log: there is no head to anchor', async () => {
    new DatabaseSync(path('empty.db')).close();
    const r = await run(ledger('checkpoint', 'empty.db'));
    expect(r.err).toMatch(/the ledger is empty/);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
  });
});
