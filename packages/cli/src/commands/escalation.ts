import { parseArgs } from 'node:util';
import {
  checkEscalation,
  classify,
  type EscalationCheck,
  findStalls,
  type LedgerEvent,
  loadTaskSpec,
  parseDuration,
  type Stall,
} from '@trustladder/core';
import { changeFromGit } from '@trustladder/core/node';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import { textTable } from '../format/table.js';
import type { Io } from '../io.js';
import { readInput, required } from '../read-input.js';
import { readChange } from './change-input.js';
import {
  CLOCK_OPTIONS,
  instantFlag,
  loadLadder,
  now,
  openLedger,
  withLedgerErrors,
} from './ledger-common.js';
import { policyFlag } from './policy-flag.js';
import { recordSignals } from './record-signals.js';

const USAGE = `Usage: trustladder escalation check --task TASKSPEC (--git BASE...HEAD [--repo DIR] | --input CHANGE.json)
                                  [--agent A] [--policy FILE] [--log PATH [--ladder FILE]] [--json]
       trustladder escalation stalls --log PATH [--ladder FILE] [--stall-after 2h] [--failures 3] [--dry-run] [--json]

check   classify the work in progress of a task; above the task's tier, record EscalationRequired
        (the rules and files that raised it) and exit 1. Run it in the agent's loop or on every push.
  --agent A        the agent doing the work (default: the task's assigned_agent)
  --json           print the check (schemas/escalation-check.schema.json)
stalls  escalate every open run (RunProgressed without RunCompleted) silent for longer than
        --stall-after (whole hours or days), or failing --failures heartbeats in a row on work above
        its tier; record one EscalationRequired each unless --dry-run, and exit 1 when any.
  --json           print { at, stalls } (schemas/escalation-stalls.schema.json)`;

// The stuck guard and the stall guard (docs/failure-modes.md).
export const escalationCommand: Command = {
  name: 'escalation',
  summary: 'the stuck guard: escalate work found above its tier, and stalled runs',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'check') return check(rest, io);
    if (sub === 'stalls') return stalls(rest, io);
    throw new CliError(
      'USAGE',
      sub === undefined ? 'escalation needs a subcommand' : `unknown escalation subcommand "${sub}"`,
    );
  },
};

async function check(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      task: { type: 'string' },
      git: { type: 'string' },
      repo: { type: 'string' },
      input: { type: 'string' },
      agent: { type: 'string' },
      policy: { type: 'string' },
      log: { type: 'string' },
      ladder: { type: 'string' },
      json: { type: 'boolean', default: false },
      ...CLOCK_OPTIONS,
    },
  });
  if ((values.git === undefined) === (values.input === undefined))
    throw new CliError('USAGE', 'give either --git or --input');
  if (values.ladder !== undefined && values.log === undefined)
    throw new CliError(
      'USAGE',
      '--ladder goes with --log (the trust ladder of that log; the built-in one by default)',
    );
  const taskFile = required(values.task, 'task');
  const task = loadTaskSpec(await readInput(taskFile, io), { source: taskFile });
  const agent = values.agent ?? task.assigned_agent;
  if (agent === undefined) throw new CliError('USAGE', 'the task has no assigned_agent: give --agent');
  const policy = await policyFlag(values.policy, io);
  const change =
    values.git !== undefined
      ? changeFromGit(values.git, { cwd: values.repo ?? io.cwd })
      : await readChange(values.input as string, io);
  const source = values.git !== undefined ? `git ${values.git}` : (values.input as string);
  const at = values.now === undefined ? now() : instantFlag(values.now, 'now');
  const result = checkEscalation(task, classify(policy, change, { source }), { agent, at });
  if (result.event && values.log !== undefined) {
    const failed = await recordSignals({ ...values, log: values.log }, [result.event], io, 'escalation');
    if (failed !== undefined) return failed;
  }
  if (values.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout(formatCheck(result, io));
  return result.escalate ? EXIT_DENIED : EXIT_OK;
}

function formatCheck(r: EscalationCheck, io: Io): string {
  const p = paint(io);
  if (!r.escalate)
    return `${p.green('within tier')}: ${r.task} is ${r.tier}; the work in progress is ${r.workTier}\n`;
  return [
    `${p.red('escalation required')}: ${r.task} is ${r.tier} but the work in progress is ${r.workTier}; stop and hand it to a human`,
    `  rules: ${r.rules.join(', ') || '(policy default)'}`,
    `  files: ${r.surfaces.slice(0, 10).join(', ') || '(none)'}${r.surfaces.length > 10 ? ' ...' : ''}`,
    '',
  ].join('\n');
}

async function stalls(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      log: { type: 'string' },
      ladder: { type: 'string' },
      'stall-after': { type: 'string', default: '2h' },
      failures: { type: 'string', default: '3' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      ...CLOCK_OPTIONS,
    },
  });
  const stallAfterUs = parseDuration(values['stall-after']);
  if (stallAfterUs === undefined || stallAfterUs === 0)
    throw new CliError('USAGE', '--stall-after takes whole hours or days, such as 2h or 1d');
  if (!/^[1-9][0-9]{0,3}$/.test(values.failures))
    throw new CliError('USAGE', '--failures takes a positive integer');
  const log = required(values.log, 'log');
  const ladderFile = values.ladder;
  const ladder = await loadLadder(ladderFile, io);
  const at = values.now === undefined ? now() : instantFlag(values.now, 'now');
  let found: Stall[] = [];
  const read = await withLedgerErrors(io, 'escalation', async () => {
    const ledger = await openLedger(log, ladder, io, true);
    try {
      const events: LedgerEvent[] = [];
      for await (const r of ledger.store.read()) events.push(r.event);
      found = findStalls(events, { at, stallAfterUs, failuresInARow: Number(values.failures) });
      return 0;
    } finally {
      await ledger.close();
    }
  });
  if (read !== 0) return read;
  const events = found.flatMap((s) => (s.event ? [s.event] : []));
  if (!values['dry-run']) {
    const failed = await recordSignals({ ...values, log, ladder: ladderFile }, events, io, 'escalation');
    if (failed !== undefined) return failed;
  }
  if (values.json) io.stdout(`${JSON.stringify({ at, stalls: found }, null, 2)}\n`);
  else io.stdout(formatStalls(found, at, io));
  return found.length > 0 ? EXIT_DENIED : EXIT_OK;
}

function formatStalls(found: readonly Stall[], at: string, io: Io): string {
  const p = paint(io);
  if (found.length === 0) return `no stalled run as of ${at}\n`;
  const rows = found.map((s) => [
    s.taskId,
    s.agent,
    s.tier,
    s.trigger,
    s.lastProgress,
    s.event ? `EscalationRequired -> ${s.event.requiredTier}` : 'T3: reported (a human drives it)',
  ]);
  return `${p.red(`${found.length} stalled run(s) as of ${at}`)}\n${textTable(['TASK', 'AGENT', 'TIER', 'WHY', 'LAST PROGRESS', 'ESCALATION'], rows)}`;
}
