import { parseArgs } from 'node:util';
import {
  checkDispatch,
  DEFAULT_POLICY_TEXTS,
  type DispatchDecision,
  defaultPolicySource,
  loadBlastRadiusPolicy,
  loadTaskSpec,
} from '@trustladder/core';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { readInput, required } from '../read-input.js';
import { loadLadder, openLedger, withLedgerErrors } from './ledger-common.js';

const USAGE = `Usage: trustladder dispatch check --task TASKSPEC --agent A --ladder FILE --log PATH|postgres://...
                                [--policy FILE] [--json]

  --task FILE    the TaskSpec (schemas/taskspec.schema.json), YAML or JSON
  --agent A      the agent to dispatch it to
  --ladder FILE  the trust ladder; --log the ledger (its ceilings)
  --policy FILE  the blast-radius policy the task is re-classified under (default: the built-in one)
  --json         print the decision
Exit 0 when the agent may take the task, 1 when the gate refuses it (with every reason).`;

export const dispatchCommand: Command = {
  name: 'dispatch',
  summary: 'the dispatch gate: may this agent take this task, given its ceiling in the ledger',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'check')
      throw new CliError(
        'USAGE',
        sub === undefined ? 'dispatch needs a subcommand' : `unknown dispatch subcommand "${sub}"`,
      );
    const { values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: {
        task: { type: 'string' },
        agent: { type: 'string' },
        ladder: { type: 'string' },
        log: { type: 'string' },
        policy: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const taskFile = required(values.task, 'task');
    const agent = required(values.agent, 'agent');
    const task = loadTaskSpec(await readInput(taskFile, io), { source: taskFile });
    const ladder = await loadLadder(required(values.ladder, 'ladder'), io);
    const policy =
      values.policy === undefined
        ? loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius'], {
            source: defaultPolicySource('blast-radius'),
          })
        : loadBlastRadiusPolicy(await readInput(values.policy, io), { source: values.policy });
    return withLedgerErrors(io, 'dispatch', async () => {
      const ledger = openLedger(required(values.log, 'log'), ladder, io, false);
      try {
        // The agent's subjects from the store's projection: the cost grows with them, not the log.
        const { projection } = await ledger.projection([agent]);
        const decision = checkDispatch(task, agent, { ledger: projection, policy });
        if (values.json) io.stdout(`${JSON.stringify(decision, null, 2)}\n`);
        else io.stdout(formatDecision(decision, io));
        return decision.allowed ? EXIT_OK : EXIT_DENIED;
      } finally {
        await ledger.close();
      }
    });
  },
};

function formatDecision(d: DispatchDecision, io: Io): string {
  const p = paint(io);
  const what = `${d.task} (${d.tier}, ${d.taskClass}) to ${d.agent} (ceiling ${d.ceiling})`;
  if (d.allowed)
    return d.role === 'assist'
      ? `${p.green('allowed')}: ${what} as assistant; ${d.driver} drives\n`
      : `${p.green('allowed')}: ${what}\n`;
  return `${p.red('refused')}: ${what}\n${d.reasons.map((r) => `  - ${r.message} [${r.code}]\n`).join('')}`;
}
