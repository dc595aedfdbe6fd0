import { parseArgs } from 'node:util';
import { type VerifyIssue, type VerifyReport, verifyStore } from '@trustladder/ledger';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { required } from '../read-input.js';
import { type CheckpointAnchor, readCheckpointAnchor } from './ledger-checkpoint-anchor.js';
import { CLOCK_OPTIONS, clockFlags, headFlag, loadLadder, openLedger, progress } from './ledger-common.js';

/**
 * `ledger verify`: the hash chain, every line, the derived events against a replay, the stored
 * projection against the fold, events from the future, and (`--expect-head`) a head written
 * down earlier or (`--checkpoint`) one signed through Sigstore. Exit 1 on any problem.
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
      checkpoint: { type: 'string' },
      attestors: { type: 'string' },
      'trusted-root': { type: 'string' },
      ...CLOCK_OPTIONS,
    },
  });
  const ladder = await loadLadder(values.ladder, io);
  const clock = clockFlags(values);
  if (values.checkpoint !== undefined && values['expect-head'] !== undefined)
    throw new CliError('USAGE', 'give one anchor: --expect-head or --checkpoint');
  if (values.checkpoint === undefined && (values.attestors ?? values['trusted-root']) !== undefined)
    throw new CliError('USAGE', '--attestors and --trusted-root go with --checkpoint');
  const anchor =
    values.checkpoint === undefined
      ? undefined
      : await readCheckpointAnchor(
          { bundle: values.checkpoint, attestors: values.attestors, trustedRoot: values['trusted-root'] },
          io,
        );
  const expectHead =
    values['expect-head'] === undefined
      ? anchor?.ok
        ? anchor.checkpoint.head
        : undefined
      : headFlag(values['expect-head'], 'expect-head');
  const ledger = await openLedger(required(values.log, 'log'), ladder, io, true);
  try {
    const bar = progress(io, 'verifying');
    const stored = await verifyStore(ledger.store, ladder, {
      onProgress: bar.tick,
      ...clock,
      ...(expectHead ? { expectHead } : {}),
    });
    bar.done();
    const report = withAnchor(stored, anchor, ladder.digest);
    if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const p = paint(io);
      if (report.ok)
        io.stdout(
          `${p.green('ok')}: ${report.events} events, chain, derived events and projection intact; head ${report.head.seq}:${report.head.hash}${signed(anchor)}\n`,
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

// The checkpoint's own findings join the log's: a signature the verifier refused, or a
// checkpoint taken under another trust ladder (its derived events would be other ones).
function withAnchor(
  report: VerifyReport,
  anchor: CheckpointAnchor | undefined,
  ladderDigest: string,
): VerifyReport & { checkpoint?: unknown } {
  if (anchor === undefined) return report;
  const extra: VerifyIssue[] = [];
  if (!anchor.ok)
    extra.push({
      code: 'checkpoint_refused',
      position: 0,
      message: `the checkpoint bundle does not verify: ${anchor.code}: ${anchor.message}`,
    });
  else if (anchor.checkpoint.ladder !== ladderDigest)
    extra.push({
      code: 'checkpoint_ladder',
      position: 0,
      message: `the checkpoint was taken under ladder ${anchor.checkpoint.ladder}, not ${ladderDigest}`,
    });
  const checkpoint = anchor.ok
    ? {
        head: anchor.checkpoint.head,
        attestor: anchor.checkpoint.attestor,
        identity: anchor.checkpoint.identity,
        signedAt: anchor.checkpoint.signedAt.toISOString(),
      }
    : { refused: anchor.code };
  return { ...report, ok: report.ok && extra.length === 0, issues: [...extra, ...report.issues], checkpoint };
}

function signed(anchor: CheckpointAnchor | undefined): string {
  if (!anchor?.ok) return '';
  const c = anchor.checkpoint;
  return `; holds the checkpoint ${c.head.seq} signed by ${c.attestor} (${c.identity.subject})`;
}
