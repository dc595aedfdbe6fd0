import { parseArgs } from 'node:util';
import {
  ACTION_KINDS,
  isActionKind,
  TRUST_LEVEL_NAMES,
  type TrustLevelSet,
  TrustladderError,
  validateEvent,
} from '@trustladder/core';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { required } from '../read-input.js';
import { withLedgerErrors } from './ledger-common.js';
import { atFlag, openSharedLedger } from './remediation-context.js';

/** The automation whose levels are set and checked when --agent is not given. */
export const DEFAULT_TRUST_AGENT = 'automation';

const USAGE = `Usage: trustladder trust-level set   --app A --env E --level 0..5 --by WHO --reason R --log PATH [--agent A] [--at TIME] [--json]
       trustladder trust-level check --app A --env E --action KIND --log PATH [--agent A] [--json]
       trustladder trust-level show  --log PATH [--agent A] [--json]

  Levels: ${TRUST_LEVEL_NAMES.map((n, i) => `${i} ${n}`).join(', ')}.
  Actions: read 0, recommend 1, propose 2, deploy-dev 3, deploy-prod 4, act-without-human 5.
  set    record a level for one application and environment (the only way a level changes)
  check  exit 0 when the action is permitted, 1 when it is not; never set means level 0
  show   every level set
  --agent  the automation the level is for (default "${DEFAULT_TRUST_AGENT}")
  --log    the ledger (a file or postgres://), shared with the agent ceilings`;

const COMMON = {
  log: { type: 'string' },
  agent: { type: 'string' },
  'trust-ladder': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export const trustLevelCommand: Command = {
  name: 'trust-level',
  summary: 'progressive trust levels 0 OBSERVE .. 5 AUTONOMOUS per application and environment',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    const action = sub === 'set' ? set : sub === 'check' ? check : sub === 'show' ? show : undefined;
    if (!action)
      throw new CliError(
        'USAGE',
        sub === undefined ? 'trust-level needs a subcommand' : `unknown trust-level subcommand "${sub}"`,
      );
    return withLedgerErrors(io, 'trust-level', () => action(rest, io));
  },
};

async function set(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      ...COMMON,
      app: { type: 'string' },
      env: { type: 'string' },
      level: { type: 'string' },
      by: { type: 'string' },
      reason: { type: 'string' },
      at: { type: 'string' },
    },
  });
  const levelText = required(values.level, 'level');
  if (!/^[0-5]$/.test(levelText)) throw new CliError('USAGE', `--level ${levelText}: a level is 0..5`);
  const event: TrustLevelSet = {
    type: 'TrustLevelSet',
    agent: values.agent ?? DEFAULT_TRUST_AGENT,
    at: atFlag(values.at),
    application: required(values.app, 'app'),
    environment: required(values.env, 'env'),
    level: Number(levelText) as TrustLevelSet['level'],
    by: required(values.by, 'by'),
    reason: required(values.reason, 'reason'),
  };
  const valid = validateEvent(event);
  if (!valid.ok)
    throw new TrustladderError('INVALID_INPUT', 'the trust level is invalid', { issues: valid.issues });
  const ledger = await openSharedLedger(required(values.log, 'log'), values['trust-ladder'], io);
  try {
    const { agent, application, environment } = event;
    const before = (await ledger.trustLevels({ agent, application, environment })).state.levelOf(
      agent,
      application,
      environment,
    );
    await ledger.record([event]);
    if (values.json) io.stdout(`${JSON.stringify({ ...event, from: before }, null, 2)}\n`);
    else
      io.stdout(
        `${event.agent} for ${event.application} in ${event.environment}: ${before} ${TRUST_LEVEL_NAMES[before]} -> ${event.level} ${TRUST_LEVEL_NAMES[event.level]} by ${event.by}\n`,
      );
    return EXIT_OK;
  } finally {
    await ledger.close();
  }
}

async function check(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: { ...COMMON, app: { type: 'string' }, env: { type: 'string' }, action: { type: 'string' } },
  });
  const action = required(values.action, 'action');
  if (!isActionKind(action))
    throw new CliError('USAGE', `--action ${action}: an action is one of ${ACTION_KINDS.join(', ')}`);
  const app = required(values.app, 'app');
  const env = required(values.env, 'env');
  const ledger = await openSharedLedger(required(values.log, 'log'), values['trust-ladder'], io);
  try {
    // One row of the store's projection (the fold of the log when there is none).
    const agent = values.agent ?? DEFAULT_TRUST_AGENT;
    const { state } = await ledger.trustLevels({ agent, application: app, environment: env });
    const result = state.isPermitted(agent, action, app, env);
    const p = paint(io);
    if (values.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(`${result.permitted ? p.green('permitted') : p.red('not permitted')}: ${result.reason}\n`);
    return result.permitted ? EXIT_OK : EXIT_DENIED;
  } finally {
    await ledger.close();
  }
}

async function show(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: [...args], strict: true, options: { ...COMMON } });
  const ledger = await openSharedLedger(required(values.log, 'log'), values['trust-ladder'], io);
  try {
    const all = (await ledger.trustLevels()).state
      .all()
      .filter((r) => values.agent === undefined || r.agent === values.agent);
    if (values.json) io.stdout(`${JSON.stringify({ levels: all }, null, 2)}\n`);
    else if (all.length === 0) io.stdout('no trust level was ever set: everything is at 0 OBSERVE\n');
    else
      for (const r of all)
        io.stdout(
          `${r.agent} ${r.application} ${r.environment}: ${r.level} ${TRUST_LEVEL_NAMES[r.level]} (by ${r.by} at ${r.at}: ${r.reason})\n`,
        );
    return EXIT_OK;
  } finally {
    await ledger.close();
  }
}
