import type { InputEvent } from '@trustladder/core';
import type { Io } from '../io.js';
import { clockFlags, loadLadder, openLedger, withLedgerErrors } from './ledger-common.js';

/**
 * Appends failure-mode signals (escalations, disagreements, flagged approvals) to the ledger
 * in one atomic append, with the same checks as `ledger record` (schema, order, clock skew).
 * Nothing to record is a no-op. Returns undefined when recorded, or the exit code of a
 * ledger error (already reported on stderr).
 */
export async function recordSignals(
  flags: {
    log: string;
    ladder?: string | undefined;
    now?: string | undefined;
    'max-skew'?: string | undefined;
  },
  events: readonly InputEvent[],
  io: Io,
  command: string,
): Promise<number | undefined> {
  if (events.length === 0) return undefined;
  const ladder = await loadLadder(flags.ladder, io);
  const clock = clockFlags(flags);
  let failed: number | undefined;
  const code = await withLedgerErrors(io, command, async () => {
    const ledger = await openLedger(flags.log, ladder, io, false);
    try {
      await ledger.record(events, { source: command, ...clock });
      return 0;
    } finally {
      await ledger.close();
    }
  });
  if (code !== 0) failed = code;
  return failed;
}
