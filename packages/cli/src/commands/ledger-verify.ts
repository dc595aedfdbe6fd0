import { parseArgs } from 'node:util';
import { verifyStore } from '@trustladder/ledger';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { required } from '../read-input.js';
import { CLOCK_OPTIONS, clockFlags, headFlag, loadLadder, openLedger, progress } from './ledger-common.js';

/**
 * `ledger verify`: the hash chain, every line, the derived events against a replay, the stored
 * projection against the fold, events from the future, and (`--expect-head`) a head written
 * down earlier. Exit 1 on any problem.
 */
export async function ledgerVerify(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      ladder: { type: 'string' },
      log: { type: 'string' },
      json: { type: 'boolean', default: false },
      'expect-head': { type: 'string' },
      ...CLOCK_OPTIONS,
    },
  });
  const ladder = await loadLadder(values.ladder, io);
  const clock = clockFlags(values);
  const expectHead =
    values['expect-head'] === undefined ? undefined : headFlag(values['expect-head'], 'expect-head');
  const ledger = await openLedger(required(values.log, 'log'), ladder, io, true);
  try {
    const bar = progress(io, 'verifying');
    const report = await verifyStore(ledger.store, ladder, {
      onProgress: bar.tick,
      ...clock,
      ...(expectHead ? { expectHead } : {}),
    });
    bar.done();
    if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const p = paint(io);
      if (report.ok)
        io.stdout(
          `${p.green('ok')}: ${report.events} events, chain, derived events and projection intact; head ${report.head.seq}:${report.head.hash}\n`,
        );
      else {
        io.stdout(
          `${p.red('FAILED')}: ${report.issues.length}${report.truncated ? '+' : ''} problem(s) in ${report.events} events\n`,
        );
        for (const i of report.issues)
          io.stdout(`  ${report.positionName} ${i.position}: ${i.code}: ${i.message}\n`);
      }
    }
    return report.ok ? EXIT_OK : EXIT_DENIED;
  } finally {
    await ledger.close();
  }
}
