import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';

// The built-in trust ladder stands in for --ladder only for a log written under it: the log's
// projection records the ladder digest it was folded under, and a log that records another
// one (or none) is refused rather than replayed or refolded under the default.

const ROOT = join(import.meta.dirname, '../../../..');
const LADDER = join(ROOT, 'policies/trust-ladder.yaml');
const REMEDIATION_LADDER = join(ROOT, 'policies/remediation-ladder.yaml');
const AUDIT = [
  '--approvals',
  join(ROOT, 'examples/failure-modes/approvals.json'),
  '--trusted-root',
  join(ROOT, 'examples/attestation/trusted-root.json'),
  '--admissions',
  join(ROOT, 'examples/failure-modes/policy-reports.json'),
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trustladder-cli-default-ladder-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], stdin?: string) {
  const io = fakeIo({ ...(stdin === undefined ? {} : { stdin }), cwd: dir });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const event = JSON.stringify({
  type: 'RunCompleted',
  at: '2026-04-01T00:00:00Z',
  agent: 'dev-e',
  taskClass: 'docs-update',
  tier: 'T0',
  outcome: 'success',
});

/** The shipped trust ladder with one number changed: another digest, same schema. */
function otherLadder(): string {
  const text = readFileSync(LADDER, 'utf8');
  const changed = text.replace(
    /(consecutiveSuccesses:\s*)(\d+)/,
    (_, k: string, n: string) => `${k}${Number(n) + 1}`,
  );
  expect(changed).not.toBe(text);
  writeFileSync(join(dir, 'other-ladder.yaml'), changed);
  return 'other-ladder.yaml';
}

describe('ledger without --ladder', () => {
  test('records, shows and verifies a log under the built-in ladder', async () => {
    expect((await run(['ledger', 'record', '--log', 'ledger.db', '-'], event)).code).toBe(0);
    const status = await run(['ledger', 'status', '--log', 'ledger.db', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out).subjects).toHaveLength(1);
    expect((await run(['ledger', 'verify', '--log', 'ledger.db'])).code).toBe(0);
    // The same file given as --ladder is the same ladder.
    expect((await run(['ledger', 'status', '--ladder', LADDER, '--log', 'ledger.db'])).code).toBe(0);
  });

  test('refuses a log written under another ladder (exit 2, naming --ladder), and writes nothing', async () => {
    const other = otherLadder();
    expect((await run(['ledger', 'record', '--ladder', other, '--log', 'ledger.db', '-'], event)).code).toBe(
      0,
    );
    for (const sub of ['status', 'verify', 'audit', 'checkpoint']) {
      const r = await run(['ledger', sub, '--log', 'ledger.db']);
      expect(r.code, sub).toBe(2);
      expect(r.err).toMatch(
        /^trustladder ledger: ledger\.db: it was written under trust ladder sha256:[0-9a-f]{64}, not the built-in one/,
      );
      expect(r.err).toContain('pass --ladder FILE');
      expect(r.out).toBe('');
    }
    const before = await run(['ledger', 'verify', '--ladder', other, '--log', 'ledger.db', '--json']);
    const refused = await run(['ledger', 'record', '--log', 'ledger.db', '-'], event);
    expect(refused.code).toBe(2);
    const after = await run(['ledger', 'verify', '--ladder', other, '--log', 'ledger.db', '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.out).events).toBe(JSON.parse(before.out).events);
  });

  test('refuses a JSON-lines log, which records no ladder; import always names one', async () => {
    expect((await run(['ledger', 'record', '--log', 'ledger.db', '-'], event)).code).toBe(0);
    expect((await run(['ledger', 'export', '--log', 'ledger.db', '--out', 'log.jsonl'])).code).toBe(0);
    const r = await run(['ledger', 'status', '--log', 'log.jsonl']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('does not record the trust ladder it was written under');
    const imp = await run(['ledger', 'import', '--from', 'log.jsonl', '--log', 'new.db']);
    expect(imp.code).toBe(2);
    expect(imp.err).toMatch(/--ladder/);
  });

  test('an empty or new log takes the built-in ladder', async () => {
    const r = await run(['ledger', 'record', '--log', 'fresh.db', '-'], event);
    expect(r).toMatchObject({ code: 0, err: '' });
  });
});

describe('the other commands that read a log', () => {
  test('escalation stalls takes the built-in ladder, and refuses a log written under another', async () => {
    expect((await run(['ledger', 'record', '--log', 'ledger.db', '-'], event)).code).toBe(0);
    const ok = await run([
      'escalation',
      'stalls',
      '--log',
      'ledger.db',
      '--dry-run',
      '--now',
      '2026-04-02T00:00:00Z',
    ]);
    expect(ok).toMatchObject({ code: 0, err: '' });
    const other = otherLadder();
    expect((await run(['ledger', 'record', '--ladder', other, '--log', 'other.db', '-'], event)).code).toBe(
      0,
    );
    const refused = await run(['escalation', 'stalls', '--log', 'other.db', '--dry-run']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('pass --ladder FILE');
  });

  test('--ladder without --log is a usage error', async () => {
    const r = await run(['reconcile', '--tasks', '.', '--ladder', LADDER]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^trustladder reconcile: --ladder goes with --log/);
    const audit = await run(['audit', 'approvals', ...AUDIT, '--ladder', LADDER]);
    expect(audit.code).toBe(2);
    expect(audit.err).toMatch(/^trustladder audit: --ladder goes with --log/);
  });

  test('audit approvals records its findings under the built-in ladder, and refuses a log written under another', async () => {
    const now = ['--now', '2026-11-30T06:00:00Z'];
    const ok = await run(['audit', 'approvals', ...AUDIT, '--log', 'ledger.db', ...now]);
    expect(ok.code).toBe(1); // the example flags mis-approvals
    expect(ok.err).toBe('');
    const audit = await run([
      'ledger',
      'audit',
      '--log',
      'ledger.db',
      '--until',
      '2026-12-01T00:00:00Z',
      '--json',
    ]);
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.out).signals.length).toBeGreaterThan(0);
    const other = otherLadder();
    expect((await run(['ledger', 'record', '--ladder', other, '--log', 'other.db', '-'], event)).code).toBe(
      0,
    );
    const refused = await run(['audit', 'approvals', ...AUDIT, '--log', 'other.db', ...now]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('pass --ladder FILE');
    expect(refused.out).toBe('');
    // Named, the other ladder is taken.
    const named = await run(['audit', 'approvals', ...AUDIT, '--log', 'other.db', '--ladder', other, ...now]);
    expect(named.code).toBe(1);
    expect(named.err).toBe('');
  });
});

describe('remediation ladder flag', () => {
  test('--ladder is refused in remediation, naming --remediation-ladder and --trust-ladder', async () => {
    const r = await run(['remediation', 'status', '--ladder', REMEDIATION_LADDER, '--log', 'ledger.db']);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(
      'trustladder remediation: --ladder is the trust ladder; remediation takes the remediation ladder as --remediation-ladder FILE (and the trust ladder as --trust-ladder FILE)',
    );
  });

  test('--remediation-ladder is the remediation ladder', async () => {
    const r = await run([
      'remediation',
      'status',
      '--remediation-ladder',
      REMEDIATION_LADDER,
      '--log',
      'ledger.db',
    ]);
    expect(r.code).toBe(0);
  });

  test('the shared log refuses the built-in trust ladder when written under another', async () => {
    const other = otherLadder();
    expect((await run(['ledger', 'record', '--ladder', other, '--log', 'ledger.db', '-'], event)).code).toBe(
      0,
    );
    const r = await run([
      'remediation',
      'status',
      '--remediation-ladder',
      REMEDIATION_LADDER,
      '--log',
      'ledger.db',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('pass --ladder FILE');
    const ok = await run([
      'remediation',
      'status',
      '--remediation-ladder',
      REMEDIATION_LADDER,
      '--trust-ladder',
      other,
      '--log',
      'ledger.db',
    ]);
    expect(ok.code).toBe(0);
  });
});
