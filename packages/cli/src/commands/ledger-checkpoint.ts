import { parseArgs } from 'node:util';
import { LEDGER_CHECKPOINT_PREDICATE_TYPE, TrustladderError } from '@trustladder/core';
import type { Head } from '@trustladder/ledger';
import { EXIT_OK } from '../exit-codes.js';
import type { Io } from '../io.js';
import { required } from '../read-input.js';
import { loadLadder, now, openLedger } from './ledger-common.js';

/** The in-toto statement of a ledger head: what a signing pipeline signs to anchor it. */
export function checkpointStatement(head: Head, ladderDigest: string, at: string): Record<string, unknown> {
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: `ledger-head-${head.seq}`, digest: { sha256: head.hash.replace(/^sha256:/, '') } }],
    predicateType: LEDGER_CHECKPOINT_PREDICATE_TYPE,
    predicate: { seq: head.seq, hash: head.hash, ladder: ladderDigest, at },
  };
}

/**
 * `ledger checkpoint`: prints the head of the log (after checking its chain) as an in-toto
 * statement, for the user's Sigstore signing pipeline; `ledger verify --expect-head` (or a
 * signed checkpoint) later proves the log still holds it.
 */
export async function ledgerCheckpoint(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: { ladder: { type: 'string' }, log: { type: 'string' } },
  });
  const ladder = await loadLadder(values.ladder, io);
  const ledger = await openLedger(required(values.log, 'log'), ladder, io, true);
  try {
    // Read through the chain check: a damaged log is never anchored.
    let head: Head = { seq: 0, hash: `sha256:${'0'.repeat(64)}` };
    for await (const r of ledger.store.read()) head = { seq: r.seq, hash: r.hash };
    // An empty log has no head: a checkpoint of it would anchor nothing (and verify refuses one).
    if (head.seq === 0)
      throw new TrustladderError('INVALID_INPUT', 'the ledger is empty: there is no head to checkpoint', {
        issues: [
          { code: 'empty_log', path: '', message: 'the ledger is empty: there is no head to checkpoint' },
        ],
      });
    io.stdout(`${JSON.stringify(checkpointStatement(head, ladder.digest, now()), null, 2)}\n`);
    return EXIT_OK;
  } finally {
    await ledger.close();
  }
}
