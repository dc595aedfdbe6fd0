import { parseArgs } from 'node:util';
import { taskApprovalVerifier } from '@trustladder/attest';
import {
  type ApprovalVerifier,
  type CompiledPolicy,
  checkDispatch,
  type DispatchDecision,
  loadAttestorPolicy,
  loadTaskSpec,
} from '@trustladder/core';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { readBlastRadiusPolicy, readInput, readJsonInput, required, timeFlag } from '../read-input.js';
import { BUNDLE_LIMITS, readTrustMaterial } from '../read-trust-material.js';
import { loadLadder, openLedger, withLedgerErrors } from './ledger-common.js';

const USAGE = `Usage: trustladder dispatch check --task TASKSPEC --agent A [--ladder FILE] --log PATH|postgres://...
                                [--policy FILE] [--attestors FILE --trusted-root ROOT.json
                                 [--interface-approval BUNDLE.json] [--cosign BUNDLE.json] [--at TIME]] [--json]

  --task FILE                the TaskSpec (schemas/taskspec.schema.json), YAML or JSON
  --agent A                  the agent to dispatch it to
  --ladder FILE              the trust ladder (default: the built-in one, if the log was written
                             under it); --log the ledger (its ceilings)
  --policy FILE              the blast-radius policy the task is re-classified under (default: the built-in one)
  --attestors FILE           policies/attestors.yaml: who signs approvals (the review gate's file)
  --trusted-root FILE        Sigstore trusted root JSON; verification is fully offline
  --interface-approval FILE  the T2 interface approval, a Sigstore bundle bound to the task's change
  --cosign FILE              the T3 co-sign, a Sigstore bundle bound to the task's change; its
                             approver is the human driver
  --at TIME                  judge the approvals at this RFC 3339 time (default: now)
  --json                     print the decision (schemas/dispatch-decision.schema.json)
T2 and T3 approvals count only as verified attestations: without --attestors and --trusted-root
they are refused. Exit 0 when the agent may take the task, 1 when the gate refuses it (with every
reason), 2 for bad input.`;

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
        attestors: { type: 'string' },
        'trusted-root': { type: 'string' },
        'interface-approval': { type: 'string' },
        cosign: { type: 'string' },
        at: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const taskFile = required(values.task, 'task');
    const agent = required(values.agent, 'agent');
    const task = loadTaskSpec(await readInput(taskFile, io), { source: taskFile });
    const ladder = await loadLadder(values.ladder, io);
    const policy = await readBlastRadiusPolicy(values.policy, io);
    const verifyApproval = await readApprovalVerifier(values, policy, io);
    return withLedgerErrors(io, 'dispatch', async () => {
      const ledger = await openLedger(required(values.log, 'log'), ladder, io, false);
      try {
        // The agent's subjects from the store's projection: the cost grows with them, not the log.
        const { projection } = await ledger.projection([agent]);
        const decision = checkDispatch(task, agent, {
          ledger: projection,
          policy,
          ...(verifyApproval === undefined ? {} : { verifyApproval }),
        });
        if (values.json) io.stdout(`${JSON.stringify(decision, null, 2)}\n`);
        else io.stdout(formatDecision(decision, io));
        return decision.allowed ? EXIT_OK : EXIT_DENIED;
      } finally {
        await ledger.close();
      }
    });
  },
};

// The attestation verifier of the task's approvals, when the attestor policy and trust root
// are given; bundles without them are a usage error, never silently ignored.
async function readApprovalVerifier(
  values: {
    attestors?: string | undefined;
    'trusted-root'?: string | undefined;
    'interface-approval'?: string | undefined;
    cosign?: string | undefined;
    at?: string | undefined;
  },
  policy: CompiledPolicy,
  io: Io,
): Promise<ApprovalVerifier | undefined> {
  const wanted = [values['interface-approval'], values.cosign, values.at].some((v) => v !== undefined);
  if (values.attestors === undefined || values['trusted-root'] === undefined) {
    if (wanted || values.attestors !== undefined || values['trusted-root'] !== undefined)
      throw new CliError('USAGE', 'approval bundles need both --attestors and --trusted-root');
    return undefined;
  }
  const attestors = loadAttestorPolicy(await readInput(values.attestors, io), { source: values.attestors });
  const rootFile = values['trusted-root'];
  const trust = await readTrustMaterial(rootFile, io);
  const bundle = async (file: string | undefined) =>
    file === undefined ? undefined : readJsonInput(file, io, BUNDLE_LIMITS, 'the file');
  const iface = await bundle(values['interface-approval']);
  const cosign = await bundle(values.cosign);
  return taskApprovalVerifier({
    attestors,
    trust,
    policy,
    bundles: {
      ...(iface === undefined ? {} : { interface: iface }),
      ...(cosign === undefined ? {} : { cosign }),
    },
    ...(values.at === undefined ? {} : { at: timeFlag(values.at, 'at') }),
  });
}

function formatDecision(d: DispatchDecision, io: Io): string {
  const p = paint(io);
  const what = `${d.task} (${d.tier}, ${d.taskClass}) to ${d.agent} (ceiling ${d.ceiling})`;
  if (d.allowed)
    return d.role === 'assist'
      ? `${p.green('allowed')}: ${what} as assistant; ${d.driver} drives\n`
      : `${p.green('allowed')}: ${what}\n`;
  return `${p.red('refused')}: ${what}\n${d.reasons.map((r) => `  - ${r.message} [${r.code}]\n`).join('')}`;
}
