import { parseArgs } from 'node:util';
import type { AuditReport } from '@trustladder/core';
import { EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { required } from '../read-input.js';
import { instantFlag, loadLadder, now, openLedger, progress, sinceFlag } from './ledger-common.js';

/**
 * `ledger audit`: every autonomy change (promotion, demotion, reset, human CeilingSet) of an
 * agent (or all) in a period, each with the event that caused it; `--since 90d` counts back
 * from `--until` (default now).
 */
export async function ledgerAudit(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      ladder: { type: 'string' },
      log: { type: 'string' },
      agent: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const ladder = await loadLadder(values.ladder, io);
  const until = values.until === undefined ? now() : instantFlag(values.until, 'until');
  const since = values.since === undefined ? undefined : sinceFlag(values.since, until);
  const ledger = await openLedger(required(values.log, 'log'), ladder, io, true);
  try {
    const bar = progress(io, 'auditing');
    const report = await ledger.audit(
      {
        ...(values.agent === undefined ? {} : { agent: values.agent }),
        ...(since === undefined ? {} : { since }),
        until,
      },
      { onProgress: bar.tick },
    );
    bar.done();
    if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout(formatAudit(report, io));
    return EXIT_OK;
  } finally {
    await ledger.close();
  }
}

function formatAudit(report: AuditReport, io: Io): string {
  const p = paint(io);
  const who = report.agent ?? 'every agent';
  const span = `${report.since ?? 'the start'} .. ${report.until ?? 'now'}`;
  const lines = [p.dim(`autonomy changes of ${who}, ${span}`)];
  if (report.changes.length === 0) lines.push('  none');
  for (const c of report.changes) {
    const kind = c.kind === 'promoted' ? p.green(c.kind) : c.kind === 'set' ? p.cyan(c.kind) : p.red(c.kind);
    const why =
      c.kind === 'set'
        ? `by ${(c.cause as { by?: string }).by}: ${(c.cause as { reason?: string }).reason}`
        : c.kind === 'promoted'
          ? `after ${c.streak.length} successful runs (last: ${c.cause.id})`
          : `caused by ${c.cause.type} ${c.cause.id}${c.cause.type === 'RunCompleted' ? ` (${(c.cause as { outcome?: string }).outcome})` : ''}`;
    lines.push(`  ${c.at}  ${c.agent}  ${c.taskClass}  ${kind} ${c.from} -> ${c.to}  ${why}`);
  }
  for (const v of report.violations)
    lines.push(
      `  ${v.at}  ${v.agent}  ${v.taskClass}  ${p.red('violation')} ran ${v.tier} above ceiling ${v.ceiling} (${v.id})`,
    );
  for (const s of report.signals)
    lines.push(`  ${s.at}  ${s.agent}  ${p.yellow(s.type)}  ${describeSignal(s)}`);
  return `${lines.join('\n')}\n`;
}

// One line per failure-mode signal (docs/failure-modes.md).
function describeSignal(s: AuditReport['signals'][number]): string {
  switch (s.type) {
    case 'EscalationRequired':
      return `${s.taskId} ${s.tier} -> ${s.requiredTier} (${s.trigger ?? 'discovered'}): ${s.context}`;
    case 'ClassificationDisagreed':
      return `${s.taskId} recorded ${s.recordedTier}, now ${s.currentTier}${s.rules ? ` (${s.rules.join(', ')})` : ''}`;
    case 'RunProgressed':
      return `${s.taskId} ${s.status}${s.workTier ? ` (work ${s.workTier})` : ''}`;
    case 'ApprovalFlagged':
      return `${s.kind} ${s.subject}${s.by ? ` by ${s.by}` : ''}: ${s.flags.join(', ')}`;
    default:
      return s.type;
  }
}
