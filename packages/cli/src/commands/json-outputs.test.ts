import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SchemaName, validateAgainst } from '@trustladder/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { subcommandsOf, subcommandUsage } from '../help/subcommand-usage.js';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';
import { COMMANDS as LAZY_COMMANDS } from './index.js';

// The table loads each command's module on demand; its usage is read from the loaded module.
const COMMANDS = await Promise.all(LAZY_COMMANDS.map((c) => (c.load ? c.load() : c)));

// The --json convention, walked over every command: each (sub)command whose usage offers --json
// names the JSON Schema in schemas/ its output follows, and its output is validated against it
// here, from a real run. A new command with --json fails the first test until it names one.

const ROOT = join(import.meta.dirname, '../../../..');

/** `command` or `command subcommand` -> the schema (schemas/<name>.schema.json) of its --json output. */
const OUTPUTS: Record<string, SchemaName> = {
  classify: 'classification',
  approval: 'approval-result',
  observe: 'observer-report',
  'ledger record': 'ledger-record-result',
  'ledger status': 'ledger-status',
  'ledger verify': 'ledger-verify-report',
  'ledger audit': 'ledger-audit-report',
  'remediation request': 'remediation-decision',
  'remediation approve': 'ledger-event',
  'remediation reject': 'ledger-event',
  'remediation expire': 'remediation-expire',
  'remediation assess': 'remediation-assessed',
  'remediation move': 'ledger-event',
  'remediation graduation': 'remediation-graduation',
  'remediation status': 'remediation-status',
  'trust-level set': 'trust-level-set',
  'trust-level check': 'trust-level-check',
  'trust-level show': 'trust-level-show',
  'kyverno generate': 'kyverno-generate-result',
  'review digest': 'review-digest',
  'dispatch check': 'dispatch-decision',
  'review check': 'review-result',
  'escalation check': 'escalation-check',
  'escalation stalls': 'escalation-stalls',
  reconcile: 'reconcile-result',
  'audit approvals': 'approval-audit-report',
  'kyverno test': 'kyverno-test-report',
};

/** Printed always as JSON (no flag): validated the same way. */
const ALWAYS_JSON: Record<string, SchemaName> = { 'ledger checkpoint': 'ledger-checkpoint' };

/**
 * Offer --json but have no schema yet: the list only shrinks (the test below fails when one of
 * these gains a schema in OUTPUTS and stays listed here).
 */
const NO_SCHEMA_YET: string[] = [];

/** Validated against their schema by their own tests (they need a cluster, or Kyverno's engine). */
const VALIDATED_ELSEWHERE: Record<string, string> = {
  observe: 'observe.test.ts',
  'kyverno test': 'kyverno.test.ts',
};

// Commands are imported lazily (lazy-command.ts): load each before reading its usage.
await Promise.all(COMMANDS.map((c) => c.load?.()));

function offersJson(): string[] {
  return COMMANDS.flatMap((c) => {
    const subs = subcommandsOf(c.name, c.usage);
    if (subs.length === 0) return c.usage.includes('--json') ? [c.name] : [];
    return subs
      .filter((s) => subcommandUsage(c.name, c.usage, s).includes('--json'))
      .map((s) => `${c.name} ${s}`);
  });
}

test('every (sub)command that offers --json names the schema of its output', () => {
  const offered = offersJson();
  for (const key of offered) expect(key in OUTPUTS || NO_SCHEMA_YET.includes(key), key).toBe(true);
  for (const key of Object.keys(OUTPUTS)) expect(offered, key).toContain(key);
  for (const key of NO_SCHEMA_YET) expect(key in OUTPUTS, key).toBe(false);
  for (const name of [...Object.values(OUTPUTS), ...Object.values(ALWAYS_JSON)])
    expect(existsSync(join(ROOT, 'schemas', `${name}.schema.json`)), name).toBe(true);
});

describe('each --json output validates against its schema', () => {
  let dir: string;
  const L = () => [
    '--remediation-ladder',
    join(ROOT, 'policies/remediation-ladder.yaml'),
    '--log',
    'ledger.db',
  ];
  const seen = new Set<string>();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tl-json-outputs-'));
    writeFileSync(
      join(dir, 'event.json'),
      JSON.stringify({
        type: 'RunCompleted',
        at: '2026-04-01T00:00:00Z',
        agent: 'dev-e',
        taskClass: 'docs-update',
        tier: 'T0',
        outcome: 'success',
      }),
    );
    writeFileSync(
      join(dir, 'request.json'),
      JSON.stringify({
        requestId: 'rr-1',
        at: '2026-05-01T10:00:00Z',
        fingerprint: 'fp-crashloop-api',
        workflow: 'restart-pod-v1',
        target: { kind: 'Deployment', name: 'api', namespace: 'payments' },
        environment: 'production',
        confidence: 0.92,
        alignment: 'aligned',
      }),
    );
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    // Every command with a schema ran here, or is validated by its own tests.
    const missing = [...Object.keys(OUTPUTS), ...Object.keys(ALWAYS_JSON)].filter(
      (k) => !seen.has(k) && !(k in VALIDATED_ELSEWHERE),
    );
    expect(missing).toEqual([]);
  });

  // Runs in order: later commands read the ledger the earlier ones wrote.
  const runs: Array<[key: string, args: () => string[], exit: number]> = [
    [
      'classify',
      () => ['classify', '--input', join(ROOT, 'examples/changes/01-docs-typo.json'), '--json'],
      0,
    ],
    [
      'approval',
      () => ['approval', '--input', join(ROOT, 'examples/approval/01-restart-pod-staging.json'), '--json'],
      0,
    ],
    ['ledger record', () => ['ledger', 'record', '--log', 'ledger.db', 'event.json', '--json'], 0],
    ['ledger status', () => ['ledger', 'status', '--log', 'ledger.db', '--json'], 0],
    ['ledger verify', () => ['ledger', 'verify', '--log', 'ledger.db', '--json'], 0],
    [
      'ledger audit',
      () => ['ledger', 'audit', '--log', 'ledger.db', '--until', '2026-05-01T00:00:00Z', '--json'],
      0,
    ],
    ['ledger checkpoint', () => ['ledger', 'checkpoint', '--log', 'ledger.db'], 0],
    ['remediation request', () => ['remediation', 'request', ...L(), 'request.json', '--json'], 1],
    [
      'remediation approve',
      () => [
        'remediation',
        'approve',
        ...L(),
        '--request',
        'rr-1',
        '--by',
        'alice',
        '--at',
        '2026-05-01T10:05:00Z',
        '--json',
      ],
      0,
    ],
    [
      'remediation reject',
      () => [
        'remediation',
        'reject',
        ...L(),
        '--request',
        'rr-2',
        '--by',
        'alice',
        '--at',
        '2026-05-01T10:07:00Z',
        '--json',
      ],
      0,
    ],
    [
      'remediation assess',
      () => [
        'remediation',
        'assess',
        ...L(),
        '--request',
        'rr-1',
        '--score',
        '0.9',
        '--at',
        '2026-05-01T11:00:00Z',
        '--json',
      ],
      0,
    ],
    [
      'remediation expire',
      () => ['remediation', 'expire', ...L(), '--at', '2026-05-01T12:00:00Z', '--json'],
      0,
    ],
    ['remediation status', () => ['remediation', 'status', ...L(), '--json'], 0],
    ['remediation graduation', () => ['remediation', 'graduation', ...L(), '--json'], 0],
    [
      'remediation move',
      () => [
        'remediation',
        'move',
        ...L(),
        '--workflow',
        'restart-pod-v1',
        '--to',
        'selective',
        '--by',
        'bob',
        '--reason',
        'step back',
        '--at',
        '2026-05-02T00:00:00Z',
        '--json',
      ],
      0,
    ],
    [
      'trust-level set',
      () => [
        'trust-level',
        'set',
        '--app',
        'api',
        '--env',
        'dev',
        '--level',
        '2',
        '--by',
        'bob',
        '--reason',
        'r',
        '--log',
        'ledger.db',
        '--json',
      ],
      0,
    ],
    [
      'trust-level check',
      () => [
        'trust-level',
        'check',
        '--app',
        'api',
        '--env',
        'dev',
        '--action',
        'propose',
        '--log',
        'ledger.db',
        '--json',
      ],
      0,
    ],
    ['trust-level show', () => ['trust-level', 'show', '--log', 'ledger.db', '--json'], 0],
    [
      'kyverno generate',
      () => [
        'kyverno',
        'generate',
        '--attestors',
        join(ROOT, 'policies/attestors.yaml'),
        '--out',
        'generated',
        '--json',
      ],
      0,
    ],
    [
      'review digest',
      () => ['review', 'digest', '--input', join(ROOT, 'examples/changes/01-docs-typo.json'), '--json'],
      0,
    ],
    [
      'dispatch check',
      () => [
        'dispatch',
        'check',
        '--task',
        join(ROOT, 'examples/ledger/tasks/refund-flow.yaml'),
        '--agent',
        'dev-e',
        '--log',
        'ledger.db',
        '--json',
      ],
      1,
    ],
    [
      // One approval that verifies and one forged: approvals and refused both have an entry.
      'review check',
      () => [
        'review',
        'check',
        '--input',
        join(ROOT, 'examples/attestation/review-t2.json'),
        '--attestors',
        join(ROOT, 'policies/attestors.yaml'),
        '--trusted-root',
        join(ROOT, 'examples/attestation/trusted-root.json'),
        '--bundle',
        join(ROOT, 'examples/attestation/interface-approval.sigstore.json'),
        '--bundle',
        join(ROOT, 'examples/attestation/interface-approval-forged.sigstore.json'),
        '--json',
      ],
      0,
    ],
    [
      // Work above its task's tier: the EscalationRequired event is in the output (and the log).
      // The failure-mode signals go to their own log: trust-level set stamps the wall clock.
      'escalation check',
      () => [
        'escalation',
        'check',
        '--task',
        join(ROOT, 'examples/failure-modes/work/cart-button.yaml'),
        '--input',
        join(ROOT, 'examples/changes/14-session-handling.json'),
        '--log',
        'signals.db',
        '--now',
        '2026-11-26T00:00:00Z',
        '--json',
      ],
      1,
    ],
    [
      'escalation stalls',
      () => [
        'escalation',
        'stalls',
        '--log',
        'signals.db',
        '--now',
        '2026-11-30T06:00:00Z',
        '--dry-run',
        '--json',
      ],
      1,
    ],
    [
      'reconcile',
      () => [
        'reconcile',
        '--tasks',
        join(ROOT, 'examples/failure-modes/tasks'),
        '--log',
        'signals.db',
        '--at',
        '2026-11-30T06:00:00Z',
        '--now',
        '2026-11-30T06:00:00Z',
        '--json',
      ],
      1,
    ],
    [
      // Records its findings under the built-in trust ladder (no --ladder), as reconcile does.
      'audit approvals',
      () => [
        'audit',
        'approvals',
        '--approvals',
        join(ROOT, 'examples/failure-modes/approvals.json'),
        '--trusted-root',
        join(ROOT, 'examples/attestation/trusted-root.json'),
        '--admissions',
        join(ROOT, 'examples/failure-modes/policy-reports.json'),
        '--log',
        'signals.db',
        '--now',
        '2026-11-30T07:00:00Z',
        '--json',
      ],
      1,
    ],
  ];

  test.each(runs)('%s', async (key, args, exit) => {
    if (key === 'remediation reject') {
      // A second request awaiting approval, for reject to end.
      writeFileSync(
        join(dir, 'request-2.json'),
        JSON.stringify({
          requestId: 'rr-2',
          at: '2026-05-01T10:06:00Z',
          fingerprint: 'fp-crashloop-web',
          workflow: 'restart-pod-v1',
          target: { kind: 'Deployment', name: 'web', namespace: 'payments' },
          environment: 'production',
          confidence: 0.92,
          alignment: 'aligned',
        }),
      );
      expect(await main(['remediation', 'request', ...L(), 'request-2.json'], fakeIo({ cwd: dir }))).toBe(1);
    }
    if (key === 'escalation stalls') {
      // Heartbeats of open runs, for stalls to find.
      const heartbeats = join(ROOT, 'examples/failure-modes/heartbeats.jsonl');
      const io = fakeIo({ cwd: dir });
      expect(await main(['ledger', 'record', '--log', 'signals.db', heartbeats], io), io.err()).toBe(0);
    }
    const io = fakeIo({ cwd: dir });
    const code = await main(args(), io);
    expect(io.err()).toBe('');
    expect(code).toBe(exit);
    const schema = OUTPUTS[key] ?? ALWAYS_JSON[key];
    if (schema === undefined) throw new Error(`no schema for ${key}`);
    expect(validateAgainst(schema, JSON.parse(io.out()))).toEqual([]);
    seen.add(key);
  });
});
