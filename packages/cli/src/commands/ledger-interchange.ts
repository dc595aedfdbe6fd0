import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportLog, importLog, isLedgerError, JsonlEventStore, type VerifyReport } from '@trustladder/ledger';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import type { Io } from '../io.js';
import { required } from '../read-input.js';
import { CLOCK_OPTIONS, clockFlags, loadLadder, openLedger, progress } from './ledger-common.js';

/** `ledger export --log SRC --out FILE.jsonl [--upto SEQ]`: the log as JSON lines, verifiable offline. */
export async function ledgerExport(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      ladder: { type: 'string' },
      log: { type: 'string' },
      out: { type: 'string' },
      upto: { type: 'string' },
    },
  });
  const upto = values.upto === undefined ? undefined : Number(values.upto);
  if (upto !== undefined && (!/^\d{1,15}$/.test(values.upto ?? '') || !Number.isSafeInteger(upto)))
    throw new CliError('USAGE', `--upto ${values.upto} is not a seq`);
  const ladder = await loadLadder(values.ladder, io);
  const out = required(values.out, 'out');
  const ledger = await openLedger(required(values.log, 'log'), ladder, io, true);
  try {
    const r = await exportLog(
      ledger.store,
      resolve(io.cwd, out),
      upto === undefined ? {} : { uptoSeq: upto },
    );
    io.stdout(`exported ${r.events} events to ${out}; head ${r.head.seq}:${r.head.hash}\n`);
    return EXIT_OK;
  } finally {
    await ledger.close();
  }
}

/**
 * `ledger import --ladder FILE --from FILE.jsonl --log DEST`: verifies the JSON-lines log and,
 * only when it verifies exactly, loads it into the new ledger DEST with its projection. This is
 * how a JSON-lines log from an earlier version migrates. Exit 1 (nothing loaded) when it does
 * not verify.
 */
export async function ledgerImport(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      ladder: { type: 'string' },
      log: { type: 'string' },
      from: { type: 'string' },
      ...CLOCK_OPTIONS,
    },
  });
  // A JSON-lines log does not record its ladder: import names it (no built-in default).
  const ladder = await loadLadder(required(values.ladder, 'ladder'), io);
  const from = required(values.from, 'from');
  const clock = clockFlags(values);
  const source = new JsonlEventStore(resolve(io.cwd, from));
  const target = await openLedger(required(values.log, 'log'), ladder, io, false);
  try {
    const bar = progress(io, 'importing');
    try {
      const { report } = await importLog(source, target.store, ladder, { ...clock, onProgress: bar.tick });
      bar.done();
      io.stdout(
        `imported ${report.events} events from ${from}; head ${report.head.seq}:${report.head.hash}\n`,
      );
      return EXIT_OK;
    } catch (e) {
      bar.done();
      const report = (e as { report?: VerifyReport }).report;
      if (!isLedgerError(e) || !report) throw e;
      io.stderr(`trustladder ledger: ${e.message}\n`);
      for (const i of report.issues.slice(0, 20))
        io.stderr(`  ${report.positionName} ${i.position}: ${i.code}: ${i.message}\n`);
      return EXIT_DENIED;
    }
  } finally {
    await target.close();
  }
}
