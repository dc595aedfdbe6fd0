import { parseArgs } from 'node:util';
import { type LedgerStatus, ledgerStatus } from '@trustladder/core';
import { EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import { textTable } from '../format/table.js';
import type { Io } from '../io.js';
import { required } from '../read-input.js';
import { instantFlag, loadLadder, now, openLedger, progress, warnTorn } from './ledger-common.js';

/**
 * `ledger status`: every subject as of now, read from the store's projection (the state the
 * appends wrote with the events; a replay when there is none, or it was folded under another
 * ladder), with every event recorded, including any stamped later than this machine's clock
 * (fail closed, a demotion is never hidden). `--at` replays the events up to that time, and
 * refuses a log whose derived events differ from the rules (exit 1).
 */
export async function ledgerStatusCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      ladder: { type: 'string' },
      log: { type: 'string' },
      at: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const ladder = await loadLadder(values.ladder, io);
  const at = values.at === undefined ? undefined : instantFlag(values.at, 'at');
  const ledger = await openLedger(required(values.log, 'log'), ladder, io, true);
  try {
    const bar = progress(io, 'replaying');
    const projection =
      at === undefined
        ? (await ledger.projection()).projection
        : (await ledger.replay({ until: at, onProgress: bar.tick })).projection;
    bar.done();
    warnTorn(ledger.store, io, 'ledger');
    const status = ledgerStatus(projection, at ?? now());
    if (values.json) io.stdout(`${JSON.stringify(status, null, 2)}\n`);
    else io.stdout(formatStatus(status, io));
    return EXIT_OK;
  } finally {
    await ledger.close();
  }
}

function formatStatus(status: LedgerStatus, io: Io): string {
  const p = paint(io);
  if (status.subjects.length === 0) return `no subjects as of ${status.at}\n`;
  const rows = status.subjects.map((s) => [
    s.agent,
    s.taskClass,
    s.ceiling,
    String(s.streak),
    s.cooldownUntil ?? '-',
    String(s.violations),
    s.quarantined ? `${s.quarantined.ceiling}/${s.quarantined.streak} at ${s.quarantined.at}` : '-',
    s.observedRunsLeft > 0 ? `${s.observedRunsLeft} left` : '-',
  ]);
  const head = [
    'AGENT',
    'TASK CLASS',
    'CEILING',
    'STREAK',
    'COOLDOWN UNTIL',
    'VIOLATIONS',
    'QUARANTINED',
    'OBSERVED RUNS',
  ];
  const body = rows.map((r) => (r[5] !== '0' ? r.map(p.red) : r));
  return `${p.dim(`as of ${status.at}`)}\n${textTable(head.map(p.bold), body)}`;
}
