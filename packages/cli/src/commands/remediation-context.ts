import {
  DEFAULT_POLICY_TEXTS,
  type LedgerEvent,
  loadRemediationLadder,
  type ObservedSubject,
  type ObservedVerdict,
  type RemediationLadder,
  type RemediationState,
  remediationLadderView,
  type TrustLadder,
  TrustladderError,
  trustLevelView,
} from '@trustladder/core';
import type { Ledger } from '@trustladder/ledger';
import type { Io } from '../io.js';
import { readInput } from '../read-input.js';
import { instantFlag, loadLadder, now, openLedger } from './ledger-common.js';

// What the remediation and trust-level verbs share: the ladders, the ledger (the same log as
// the agent ceilings; its trust ladder only checks the ceiling events already there), and the
// history read back in log order.

export async function loadRemediation(file: string, io: Io): Promise<RemediationLadder> {
  return loadRemediationLadder(await readInput(file, io), { source: file });
}

/** The trust ladder the ledger checks ceiling events with: --trust-ladder, or the built-in default. */
export async function loadCeilingLadder(file: string | undefined, io: Io): Promise<TrustLadder> {
  // The built-in one is checked against the ladder the log records (openLedger).
  return loadLadder(file, io);
}

export async function openSharedLedger(
  log: string,
  trustLadder: string | undefined,
  io: Io,
): Promise<Ledger> {
  return openLedger(log, await loadCeilingLadder(trustLadder, io), io, false);
}

/** Every event of the log, in order. */
export async function readEvents(ledger: Ledger): Promise<(LedgerEvent & { id: string })[]> {
  const events: (LedgerEvent & { id: string })[] = [];
  for await (const r of ledger.store.read()) events.push(r.event as LedgerEvent & { id: string });
  return events;
}

/** The remediation fold: the ledger's projection row caught up to the log's head. */
export async function remediationState(ledger: Ledger, ladder: RemediationLadder): Promise<RemediationState> {
  return (await ledger.remediation(ladder)).state;
}

/** `--at` for an event written now: the given instant, or the clock (the CLI's only clock). */
export function atFlag(value: string | undefined): string {
  return value === undefined ? now() : instantFlag(value, 'at');
}

/** A refused action (exit 1): one line naming the request. */
export class Refusal extends Error {
  override readonly name = 'Refusal';
}

export function inputError(message: string, path = '', code = 'invalid'): TrustladderError {
  return new TrustladderError('INVALID_INPUT', message, { issues: [{ code, path, message }] });
}

/**
 * The remediation ladder and the trust levels as the observer's ladder views, read from one
 * ledger: for `trustladder observe` to combine with its tier view (combineLadderViews).
 * Structurally @trustladder/k8s LadderView.
 */
export async function ledgerLadderViews(
  options: { log: string; ladder?: string | undefined; trustAgent: string; trustLadder?: string },
  io: Io,
): Promise<{ verdict(subject: ObservedSubject): ObservedVerdict }[]> {
  const ladder =
    options.ladder === undefined
      ? loadRemediationLadder(DEFAULT_POLICY_TEXTS['remediation-ladder'], {
          source: '<default policies/remediation-ladder.yaml>',
        })
      : await loadRemediation(options.ladder, io);
  const ledger = await openLedger(options.log, await loadCeilingLadder(options.trustLadder, io), io, true);
  try {
    return [
      remediationLadderView(await remediationState(ledger, ladder)),
      trustLevelView((await ledger.trustLevels()).state, { agent: options.trustAgent }),
    ];
  } finally {
    await ledger.close();
  }
}
