import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { ledgerAudit } from './ledger-audit.js';
import { withLedgerErrors } from './ledger-common.js';
import { ledgerRecord } from './ledger-record.js';
import { ledgerStatusCommand } from './ledger-status.js';
import { ledgerVerify } from './ledger-verify.js';

const USAGE = `Usage: trustladder ledger record --ladder FILE --log PATH|postgres://... (EVENT.json | -) [--json]
       trustladder ledger status --ladder FILE --log PATH [--at TIME] [--json]
       trustladder ledger verify --ladder FILE --log PATH [--json]
       trustladder ledger audit  --ladder FILE --log PATH [--agent A] [--since 90d|TIME] [--until TIME] [--json]

  record   append one event (a JSON file) or many (JSON lines; "-" reads standard input), with the
           promotions, demotions and resets they cause, all or none; exit 1 when a run is a violation
  status   every (agent, task class): ceiling, streak, cooldown, violations, quarantine; --at TIME
           replays the events up to TIME
  verify   check the hash chain and that replaying the events gives exactly the derived events
           stored; exit 1 naming each problem's position
  audit    every autonomy change of an agent in a period, with the events that caused it
  --log    a file (JSON lines) or a postgres:// URL
  --ladder the trust ladder (policies/trust-ladder.yaml)`;

const SUBCOMMANDS: Record<
  string,
  (args: readonly string[], io: Parameters<Command['run']>[1]) => Promise<number>
> = {
  record: ledgerRecord,
  status: ledgerStatusCommand,
  verify: ledgerVerify,
  audit: ledgerAudit,
};

export const ledgerCommand: Command = {
  name: 'ledger',
  summary: 'the autonomy ledger: record events, show ceilings (as of any time), verify, audit',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    const action = sub === undefined ? undefined : SUBCOMMANDS[sub];
    if (!action)
      throw new CliError(
        'USAGE',
        sub === undefined ? 'ledger needs a subcommand' : `unknown ledger subcommand "${sub}"`,
      );
    return withLedgerErrors(io, 'ledger', () => action(rest, io));
  },
};
