import { parseArgs } from 'node:util';
import { verifyStore } from '@trustladder/ledger';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { required } from '../read-input.js';
import { loadLadder, openLedger, progress } from './ledger-common.js';

/** `ledger verify`: the hash chain, every line, and the derived events against a replay. Exit 1 on any problem. */
export async function ledgerVerify(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      ladder: { type: 'string' },
      log: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const ladder = await loadLadder(required(values.ladder, 'ladder'), io);
  const ledger = openLedger(required(values.log, 'log'), ladder, io, true);
  try {
    const bar = progress(io, 'verifying');
    const report = await verifyStore(ledger.store, ladder, { onProgress: bar.tick });
    bar.done();
    if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const p = paint(io);
      if (report.ok)
        io.stdout(
          `${p.green('ok')}: ${report.events} events, chain and derived events intact; head seq ${report.head.seq} ${report.head.hash}\n`,
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
