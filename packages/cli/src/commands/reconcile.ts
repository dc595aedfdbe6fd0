import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type Disagreement,
  loadTaskSpec,
  reconcile,
  type TaskSpec,
  TrustladderError,
} from '@trustladder/core';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import { textTable } from '../format/table.js';
import type { Io } from '../io.js';
import { readInput, required } from '../read-input.js';
import { CLOCK_OPTIONS, instantFlag, now } from './ledger-common.js';
import { policyFlag } from './policy-flag.js';
import { recordSignals } from './record-signals.js';

const USAGE = `Usage: trustladder reconcile --tasks DIR [--policy FILE] [--log PATH|postgres://... [--ladder FILE]] [--at TIME] [--json]

  --tasks DIR    the open TaskSpecs (*.yaml, *.yml, *.json), each re-classified
  --policy FILE  the current blast-radius policy (default: the built-in one)
  --log PATH     record one ClassificationDisagreed per task whose tier changed (--ladder: its trust
                 ladder, the built-in one by default)
  --at TIME      the time stamped on the events (default: now)
  --json         print { at, tasks, policy, disagreements, events } (schemas/reconcile-result.schema.json)
Exit 1 when any task is now above the tier it was dispatched at (underclassified), 0 otherwise.`;

// The daily reconciliation (docs/failure-modes.md): underclassification is caught within a day.
export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: 're-classify every open task under the current policy; record each tier that changed',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        tasks: { type: 'string' },
        policy: { type: 'string' },
        log: { type: 'string' },
        ladder: { type: 'string' },
        at: { type: 'string' },
        json: { type: 'boolean', default: false },
        ...CLOCK_OPTIONS,
      },
    });
    if (values.ladder !== undefined && values.log === undefined)
      throw new CliError(
        'USAGE',
        '--ladder goes with --log (the trust ladder of that log; the built-in one by default)',
      );
    const tasks = await readTasks(required(values.tasks, 'tasks'), io);
    const policy = await policyFlag(values.policy, io);
    const at = values.at === undefined ? now() : instantFlag(values.at, 'at');
    const result = reconcile(tasks, { policy, at });
    if (values.log !== undefined) {
      const failed = await recordSignals({ ...values, log: values.log }, result.events, io, 'reconcile');
      if (failed !== undefined) return failed;
    }
    const under = result.disagreements.some((d) => d.direction === 'under');
    if (values.json)
      io.stdout(
        `${JSON.stringify({ at, tasks: tasks.length, policy: { name: policy.name, digest: policy.digest }, disagreements: result.disagreements, events: result.events }, null, 2)}\n`,
      );
    else io.stdout(format(tasks.length, result.disagreements, values.log !== undefined, io));
    return under ? EXIT_DENIED : EXIT_OK;
  },
};

// Every TaskSpec file of the directory, sorted by name; any bad one fails the whole run (a
// task left out would be a task never reconciled).
async function readTasks(dir: string, io: Io): Promise<TaskSpec[]> {
  let names: string[];
  try {
    names = readdirSync(resolve(io.cwd, dir))
      .filter((n) => /\.(ya?ml|json)$/.test(n))
      .sort();
  } catch (e) {
    throw new TrustladderError('INVALID_INPUT', `cannot read ${dir}`, {
      source: dir,
      issues: [{ code: 'unreadable', path: '', message: 'not a readable directory of TaskSpecs' }],
      cause: e,
    });
  }
  const tasks: TaskSpec[] = [];
  for (const n of names) {
    const file = join(dir, n);
    tasks.push(loadTaskSpec(await readInput(file, io), { source: file }));
  }
  return tasks;
}

function format(count: number, ds: readonly Disagreement[], recorded: boolean, io: Io): string {
  const p = paint(io);
  const head = `${count} open task(s) re-classified; ${ds.length} changed tier${recorded && ds.length > 0 ? ' (recorded)' : ''}\n`;
  if (ds.length === 0) return head;
  const rows = ds.map((d) => [
    d.task,
    d.recordedTier,
    d.currentTier,
    d.direction === 'under' ? 'UNDER (above its dispatched tier)' : 'over',
    d.rules.join(', ') || '(policy default)',
    d.surfaces.slice(0, 3).join(', ') + (d.surfaces.length > 3 ? ' ...' : ''),
  ]);
  const table = textTable(['TASK', 'WAS', 'NOW', 'DIRECTION', 'RULES', 'FILES'], rows);
  const [title, ...lines] = table.split('\n');
  return `${head}${p.bold(title ?? '')}\n${lines.map((l) => (l.includes('UNDER') ? p.red(l) : l)).join('\n')}`;
}
