import { parseArgs } from 'node:util';
import {
  type GraduationEntry,
  graduationReport,
  type InputEvent,
  type LedgerEvent,
  parseYaml,
  REMEDIATION_LEVEL_ORDER,
  type RemediationDecided,
  type RemediationDecision,
  type RemediationLevelName,
  type RemediationRequest,
  type RemediationState,
  requestedEvent,
  scopeKey,
  TrustladderError,
  validateEvent,
  validateRemediationRequest,
} from '@trustladder/core';
import { loadApprovalEvaluator } from '@trustladder/core/node';
import type { Ledger } from '@trustladder/ledger';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { readInput, readJsonInput, required } from '../read-input.js';
import { withLedgerErrors } from './ledger-common.js';
import {
  atFlag,
  inputError,
  loadRemediation,
  openSharedLedger,
  Refusal,
  remediationState,
} from './remediation-context.js';

const USAGE = `Usage: trustladder remediation request    --remediation-ladder FILE --log PATH (REQUEST.json | -) [--data APPROVAL-DATA] [--json]
       trustladder remediation approve|reject --remediation-ladder FILE --log PATH --request ID --by WHO [--reason R] [--override FILE] [--at TIME] [--json]
       trustladder remediation expire     --remediation-ladder FILE --log PATH [--at TIME] [--by WHO] [--json]
       trustladder remediation assess     --remediation-ladder FILE --log PATH --request ID --score 0..1 [--at TIME] [--json]
       trustladder remediation move       --remediation-ladder FILE --log PATH --workflow W [--namespace N] [--environment E] --to LEVEL --by WHO --reason R [--at TIME] [--json]
       trustladder remediation graduation --remediation-ladder FILE --log PATH [--json]
       trustladder remediation status     --remediation-ladder FILE --log PATH [--at TIME] [--json]

  request     give a request (schemas/remediation-request.schema.json) its one outcome and record
              it: exit 0 Execute; 1 DryRun, Suppressed, AwaitingApproval or ManualReviewRequired
  approve     end an open approval request (with --override: a substituted workflow or parameters)
  reject      end it the other way; both exit 1 when the request is not open (expired, ended)
  expire      record Expired for every approval request whose expiry passed by --at
  assess      record the effectiveness score of an executed remediation
  move        move a ladder entry (observe < selective < approve < automate): a recorded event
  graduation  which entries are ready to move up and which should move down
  status      every entry's level, open approval requests, and recorded events the rules refused
  --remediation-ladder FILE  the remediation ladder (policies/remediation-ladder.yaml). No built-in
              default here: the log does not record the ladder its requests were decided under, and
              another ladder's levels would decide the next request. --ladder (the trust ladder in
              every other command) is refused here, naming these two flags
  --log       the ledger (a file or postgres://), shared with the agent ceilings
  --trust-ladder FILE  the ceilings' trust ladder the ledger checks (default: the built-in one)
  --data      approval data for the Rego policy (default: the built-in policies/approval-data.yaml)
  --at        the event's time (RFC 3339 UTC; default now)
  --json      request: schemas/remediation-decision; approve, reject, move: the recorded event
              (schemas/ledger-event); expire: schemas/remediation-expire; assess:
              schemas/remediation-assessed; graduation: schemas/remediation-graduation; status:
              schemas/remediation-status`;

const COMMON = {
  'remediation-ladder': { type: 'string' },
  // Parsed only to be refused with a message naming the new flags (see remediationLadderFlag).
  ladder: { type: 'string' },
  log: { type: 'string' },
  'trust-ladder': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

const INPUT_LIMITS = { maxBytes: 1024 * 1024, maxNodes: 100_000, maxDepth: 32 };

type Sub = (args: readonly string[], io: Io) => Promise<number>;

const SUBCOMMANDS: Record<string, Sub> = {
  request,
  approve: (args, io) => decide(args, io, 'Approved'),
  reject: (args, io) => decide(args, io, 'Rejected'),
  expire,
  assess,
  move,
  graduation,
  status,
};

export const remediationCommand: Command = {
  name: 'remediation',
  summary: 'the remediation trust ladder: requests and their outcomes, approvals, expiry, graduation',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    const action = sub === undefined ? undefined : SUBCOMMANDS[sub];
    if (!action)
      throw new CliError(
        'USAGE',
        sub === undefined ? 'remediation needs a subcommand' : `unknown remediation subcommand "${sub}"`,
      );
    return withLedgerErrors(io, 'remediation', async () => {
      try {
        return await action(rest, io);
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
        io.stderr(`trustladder remediation: ${e.message}\n`);
        return EXIT_DENIED;
      }
    });
  },
};

async function withLedger<T>(
  values: { ladder?: string; 'remediation-ladder'?: string; log?: string; 'trust-ladder'?: string },
  io: Io,
  action: (ledger: Ledger, state: RemediationState) => Promise<T>,
): Promise<T> {
  const ladder = await loadRemediation(remediationLadderFlag(values), io);
  const ledger = await openSharedLedger(required(values.log, 'log'), values['trust-ladder'], io);
  try {
    return await action(ledger, await remediationState(ledger, ladder));
  } finally {
    await ledger.close();
  }
}

/**
 * `--remediation-ladder FILE`. `--ladder` meant the remediation ladder here once and means the
 * trust ladder everywhere else: it is refused (never guessed either way), naming both flags.
 */
function remediationLadderFlag(values: { ladder?: string; 'remediation-ladder'?: string }): string {
  if (values.ladder !== undefined)
    throw new CliError(
      'USAGE',
      '--ladder is the trust ladder; remediation takes the remediation ladder as --remediation-ladder FILE (and the trust ladder as --trust-ladder FILE)',
    );
  return required(values['remediation-ladder'], 'remediation-ladder');
}

// request: decide against the recorded history, record the outcome (with the end of an
// earlier open request for the same signal), print it.
async function request(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: true,
    options: { ...COMMON, data: { type: 'string' } },
  });
  if (positionals.length !== 1)
    throw new CliError('USAGE', 'remediation request takes one REQUEST.json, or - for standard input');
  const file = positionals[0] as string;
  const source = file === '-' ? '<stdin>' : file;
  const checked = validateRemediationRequest(await readJsonInput(file, io, INPUT_LIMITS, 'the request'));
  if (!checked.ok)
    throw new TrustladderError('INVALID_INPUT', 'the request is invalid', { source, issues: checked.issues });
  const r = checked.value;
  const evaluator = await loadApprovalEvaluator(values.data, { cwd: io.cwd });
  return withLedger(values, io, async (ledger, state) => {
    if (state.request(r.requestId))
      throw inputError(`request ${r.requestId} is already recorded`, '/requestId', 'duplicate_request');
    const decision = state.decide(r, evaluator);
    const events: InputEvent[] = [];
    const ended: { requestId: string; decision: 'Expired' | 'Superseded' }[] = [];
    for (const open of state.pending(r.at).filter((p) => p.fingerprint === r.fingerprint)) {
      events.push(
        decided(state.ladder.agent, r.at, open.requestId, 'Superseded', state.ladder.agent, {
          supersededBy: r.requestId,
        }),
      );
      ended.push({ requestId: open.requestId, decision: 'Superseded' });
    }
    for (const late of state.overdue(r.at).filter((p) => p.fingerprint === r.fingerprint)) {
      events.push(decided(state.ladder.agent, r.at, late.requestId, 'Expired', 'trustladder:expiry'));
      ended.push({ requestId: late.requestId, decision: 'Expired' });
    }
    events.push(requestedEvent(state.ladder.agent, r, decision));
    await ledger.record(events, { source, remediation: state.ladder });
    const result = {
      requestId: r.requestId,
      at: r.at,
      workflow: r.workflow,
      fingerprint: r.fingerprint,
      ...decision,
      ended,
    };
    if (values.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else printDecision(io, r, decision, ended);
    return decision.outcome === 'Execute' ? EXIT_OK : EXIT_DENIED;
  });
}

function decided(
  agent: string,
  at: string,
  requestId: string,
  decision: RemediationDecided['decision'],
  by: string,
  extra: Partial<RemediationDecided> = {},
): RemediationDecided {
  return { type: 'RemediationDecided', agent, at, requestId, decision, by, ...extra };
}

function printDecision(
  io: Io,
  r: RemediationRequest,
  d: RemediationDecision,
  ended: readonly { requestId: string; decision: string }[],
): void {
  const p = paint(io);
  const colour = d.outcome === 'Execute' ? p.green : d.outcome === 'ManualReviewRequired' ? p.red : p.yellow;
  for (const e of ended) io.stdout(`  ${e.requestId}: ${e.decision}\n`);
  const extra = d.expiresAt
    ? ` until ${d.expiresAt}`
    : d.suppressedUntil
      ? ` (held until ${d.suppressedUntil})`
      : '';
  io.stdout(
    `${r.requestId} ${r.workflow} on ${r.target.namespace}/${r.target.name}: ${colour(d.outcome)}${extra} [${d.scope}: ${d.level}]\n`,
  );
  for (const reason of d.reasons) io.stdout(`  - ${reason}\n`);
}

// approve / reject: only an open request (awaiting, not ended, not expired at --at), never
// by the pipeline itself.
async function decide(args: readonly string[], io: Io, decision: 'Approved' | 'Rejected'): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      ...COMMON,
      request: { type: 'string' },
      by: { type: 'string' },
      reason: { type: 'string' },
      override: { type: 'string' },
      at: { type: 'string' },
    },
  });
  const requestId = required(values.request, 'request');
  const by = required(values.by, 'by');
  const at = atFlag(values.at);
  if (values.override !== undefined && decision !== 'Approved')
    throw new CliError('USAGE', '--override goes with approve only');
  const override = values.override === undefined ? undefined : await readOverride(values.override, io);
  return withLedger(values, io, async (ledger, state) => {
    const r = state.request(requestId);
    if (!r) throw inputError(`no request ${requestId} in the log`, '', 'unknown_request');
    if (by === state.ladder.agent)
      throw new Refusal(`${by} is the pipeline: it cannot decide its own request ${requestId}`);
    if (r.outcome !== 'AwaitingApproval')
      throw new Refusal(`request ${requestId} is ${r.outcome}: it awaits no approval`);
    if (r.end)
      throw new Refusal(
        `request ${requestId} already ended: ${r.end.decision} by ${r.end.by} at ${r.end.at}`,
      );
    if (!state.pending(at).some((p) => p.requestId === requestId))
      throw new Refusal(
        `request ${requestId} expired at ${r.expiresAt}; it can no longer be ${decision.toLowerCase()} (run remediation expire)`,
      );
    if (override?.workflow !== undefined && state.overrideLevel(r, override.workflow) === 'observe')
      throw new Refusal(
        `${override.workflow} is at observe for ${r.namespace} (${r.environment}): nothing executes at observe, not even as an override`,
      );
    const event = decided(state.ladder.agent, at, requestId, decision, by, {
      ...(values.reason ? { reason: values.reason } : {}),
      ...(override ? { override } : {}),
    });
    const valid = validateEvent(event);
    if (!valid.ok)
      throw new TrustladderError('INVALID_INPUT', 'the decision is invalid', {
        source: values.override,
        issues: valid.issues,
      });
    await ledger.record([event], { remediation: state.ladder });
    if (values.json) io.stdout(`${JSON.stringify(event, null, 2)}\n`);
    else {
      const what = override ? ` with override ${JSON.stringify(override)}` : '';
      io.stdout(`${requestId}: ${decision} by ${by} at ${at}${what}\n`);
    }
    return EXIT_OK;
  });
}

async function readOverride(file: string, io: Io): Promise<RemediationDecided['override']> {
  const parsed = parseYaml(await readInput(file, io), INPUT_LIMITS);
  if (!parsed.ok)
    throw new TrustladderError('PARSE_ERROR', 'the override cannot be read', {
      source: file,
      issues: parsed.issues,
    });
  const value = parsed.value.value;
  // Checked as part of the decision event (schemas/ledger-event.schema.json, /override).
  const probe = validateEvent({
    type: 'RemediationDecided',
    agent: 'x',
    at: '2026-01-01T00:00:00Z',
    requestId: 'x',
    decision: 'Approved',
    by: 'x',
    override: value,
  });
  if (!probe.ok)
    throw new TrustladderError('INVALID_INPUT', 'the override is invalid', {
      source: file,
      issues: probe.issues.map((i) => ({ ...i, path: i.path.replace(/^\/override/, '') })),
    });
  return value as RemediationDecided['override'];
}

async function expire(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: { ...COMMON, at: { type: 'string' }, by: { type: 'string' } },
  });
  const at = atFlag(values.at);
  const by = values.by ?? 'trustladder:expiry';
  return withLedger(values, io, async (ledger, state) => {
    const due = state.overdue(at);
    const events = due.map((r) => decided(state.ladder.agent, at, r.requestId, 'Expired', by));
    if (events.length > 0) await ledger.record(events, { remediation: state.ladder });
    if (values.json)
      io.stdout(
        `${JSON.stringify({ at, expired: due.map((r) => ({ requestId: r.requestId, expiresAt: r.expiresAt })) }, null, 2)}\n`,
      );
    else if (due.length === 0) io.stdout(`no approval request is past its expiry at ${at}\n`);
    else for (const r of due) io.stdout(`${r.requestId}: Expired (expiry ${r.expiresAt}) by ${by}\n`);
    return EXIT_OK;
  });
}

async function assess(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: { ...COMMON, request: { type: 'string' }, score: { type: 'string' }, at: { type: 'string' } },
  });
  const requestId = required(values.request, 'request');
  const scoreText = required(values.score, 'score');
  const score = Number(scoreText);
  if (!/^(0|1|0?\.[0-9]+|1\.0+)$/.test(scoreText) || !(score >= 0 && score <= 1))
    throw inputError(`--score ${scoreText} is not a number in 0..1`, '', 'invalid_score');
  const at = atFlag(values.at);
  return withLedger(values, io, async (ledger, state) => {
    const r = state.request(requestId);
    if (!r) throw inputError(`no request ${requestId} in the log`, '', 'unknown_request');
    if (!r.executed) throw new Refusal(`request ${requestId} never executed: there is nothing to assess`);
    if (r.score !== undefined) throw new Refusal(`request ${requestId} was already assessed (${r.score})`);
    await ledger.record([{ type: 'RemediationAssessed', agent: state.ladder.agent, at, requestId, score }], {
      remediation: state.ladder,
    });
    io.stdout(
      values.json
        ? `${JSON.stringify({ requestId, score, at }, null, 2)}\n`
        : `${requestId}: effectiveness ${score}\n`,
    );
    return EXIT_OK;
  });
}

async function move(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      ...COMMON,
      workflow: { type: 'string' },
      namespace: { type: 'string' },
      environment: { type: 'string' },
      to: { type: 'string' },
      by: { type: 'string' },
      reason: { type: 'string' },
      at: { type: 'string' },
    },
  });
  const workflow = required(values.workflow, 'workflow');
  const to = required(values.to, 'to') as RemediationLevelName;
  if (!REMEDIATION_LEVEL_ORDER.includes(to))
    throw new CliError('USAGE', `--to ${to}: a level is one of ${REMEDIATION_LEVEL_ORDER.join(', ')}`);
  const by = required(values.by, 'by');
  const reason = required(values.reason, 'reason');
  const at = atFlag(values.at);
  return withLedger(values, io, async (ledger, state) => {
    const scope =
      workflow === 'default' && !values.namespace && !values.environment
        ? 'default'
        : scopeKey(workflow, values.namespace, values.environment?.toLowerCase());
    if (!state.ladder.entries.has(scope))
      throw inputError(`the ladder has no entry ${scope}`, '', 'unknown_scope');
    const from = state.levelOf(scope);
    if (from === to) throw inputError(`${scope} is already at ${to}`, '', 'no_move');
    const event: LedgerEvent = {
      type: 'RemediationLevelMoved',
      agent: state.ladder.agent,
      at,
      scope,
      from,
      to,
      by,
      reason,
    };
    const valid = validateEvent(event);
    if (!valid.ok)
      throw new TrustladderError('INVALID_INPUT', 'the move is invalid', { issues: valid.issues });
    await ledger.record([event], { remediation: state.ladder });
    io.stdout(
      values.json
        ? `${JSON.stringify(event, null, 2)}\n`
        : `${scope}: ${from} -> ${to} by ${by} (${reason})\n`,
    );
    return EXIT_OK;
  });
}

async function graduation(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: [...args], strict: true, options: { ...COMMON } });
  return withLedger(values, io, async (_ledger, state) => {
    const report = graduationReport(state);
    if (values.json)
      io.stdout(
        `${JSON.stringify({ ladder: state.ladder.name, entries: report, moves: state.moves }, null, 2)}\n`,
      );
    else printGraduation(io, report);
    return EXIT_OK;
  });
}

function printGraduation(io: Io, report: readonly GraduationEntry[]): void {
  const p = paint(io);
  for (const g of report) {
    const e = g.evidence;
    const arrow =
      g.recommendation === 'up'
        ? p.green(`ready to move up to ${g.to}`)
        : g.recommendation === 'down'
          ? p.red(`should move down to ${g.to}`)
          : p.dim('stays');
    const mean = e.meanEffectiveness === null ? '-' : String(e.meanEffectiveness);
    io.stdout(
      `${g.scope} (${g.level}): ${arrow}${g.automaticMoves ? ' [automatic moves]' : ''}\n  dry runs ${e.dryRuns}, approvals ${e.approvals} (${e.approvalsSinceRejection} since a rejection), rejections ${e.rejections}, expired ${e.expirations}, manual reviews ${e.manualReviews}, executed ${e.executed}, mean effectiveness ${mean} over ${e.assessments}\n`,
    );
    for (const r of g.reasons) io.stdout(`  - ${r}\n`);
  }
}

async function status(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: { ...COMMON, at: { type: 'string' } },
  });
  return withLedger(values, io, async (_ledger, state) => {
    const at = values.at === undefined ? (state.newestAt ?? atFlag(undefined)) : atFlag(values.at);
    const levels = [...state.ladder.entries.keys()].map((scope) => ({ scope, level: state.levelOf(scope) }));
    const open = state.pending(at).map((r) => ({
      requestId: r.requestId,
      workflow: r.workflow,
      namespace: r.namespace,
      expiresAt: r.expiresAt,
    }));
    const overdue = state.overdue(at).map((r) => ({ requestId: r.requestId, expiresAt: r.expiresAt }));
    if (values.json) {
      io.stdout(
        `${JSON.stringify({ at, levels, open, overdue, moves: state.moves, anomalies: state.anomalies }, null, 2)}\n`,
      );
      return state.anomalies.length > 0 ? EXIT_DENIED : EXIT_OK;
    }
    for (const l of levels) io.stdout(`${l.scope}: ${l.level}\n`);
    for (const o of open)
      io.stdout(`open: ${o.requestId} ${o.workflow} in ${o.namespace}, expires ${o.expiresAt}\n`);
    for (const o of overdue)
      io.stdout(`past expiry: ${o.requestId} (expired ${o.expiresAt}; run remediation expire)\n`);
    for (const a of state.anomalies) io.stdout(`refused: ${a.code} at ${a.at}: ${a.message}\n`);
    return state.anomalies.length > 0 ? EXIT_DENIED : EXIT_OK;
  });
}
