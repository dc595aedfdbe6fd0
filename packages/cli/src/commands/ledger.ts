import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { ledgerAudit } from './ledger-audit.js';
import { ledgerCheckpoint } from './ledger-checkpoint.js';
import { withLedgerErrors } from './ledger-common.js';
import { ledgerExport, ledgerImport } from './ledger-interchange.js';
import { ledgerRecord } from './ledger-record.js';
import { ledgerStatusCommand } from './ledger-status.js';
import { ledgerVerify } from './ledger-verify.js';

const USAGE = `Usage: trustladder ledger record [--ladder FILE] --log ledger.db|postgres://... (EVENT.json | -) [--now TIME] [--max-skew SECONDS] [--json]
       trustladder ledger status [--ladder FILE] --log PATH [--at TIME] [--json]
       trustladder ledger verify [--ladder FILE] --log PATH [--expect-head SEQ:sha256:HEX] [--now TIME] [--max-skew SECONDS] [--json]
       trustladder ledger audit  [--ladder FILE] --log PATH [--agent A] [--since 90d|TIME] [--until TIME] [--json]
       trustladder ledger export [--ladder FILE] --log PATH --out FILE.jsonl [--upto SEQ]
       trustladder ledger import --ladder FILE --from FILE.jsonl --log NEW.db|postgres://... [--now TIME]
       trustladder ledger checkpoint [--ladder FILE] --log PATH

  record   append one event (a JSON file) or many (JSON lines; "-" reads standard input, at most
           64 MiB), with the promotions, demotions and resets they cause, all or none; exit 1 when a
           run is a violation; an event more than --max-skew (300 s) ahead of the clock is refused
  status   every (agent, task class): ceiling, streak, cooldown, violations, quarantine; --at TIME
           replays the events up to TIME
  verify   check the hash chain, that replaying the events gives exactly the derived events and
           the projection stored, no event from the future, and the anchor: --expect-head, or a
           Sigstore bundle over a checkpoint signed by the attestor whose predicateType is the
           checkpoint's; exit 1 naming each problem's position
  export   write the log as JSON lines (verifiable offline); --upto stops after a batch
  import   verify a JSON-lines log and load it into a new ledger (how JSON-lines logs migrate)
  checkpoint  print the head as an in-toto statement for a Sigstore signing pipeline
  audit    every autonomy change of an agent in a period, with the events that caused it
  --log    a SQLite database (ledger.db, created by the first record), a postgres:// URL, or
           (read-only) a JSON-lines export
  --ladder the trust ladder (default: the built-in policies/trust-ladder.yaml, refused for a log
           that does not record being written under it; import always names it)`;

const SUBCOMMANDS: Record<
  string,
  (args: readonly string[], io: Parameters<Command['run']>[1]) => Promise<number>
> = {
  record: ledgerRecord,
  status: ledgerStatusCommand,
  verify: ledgerVerify,
  audit: ledgerAudit,
  export: ledgerExport,
  import: ledgerImport,
  checkpoint: ledgerCheckpoint,
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
