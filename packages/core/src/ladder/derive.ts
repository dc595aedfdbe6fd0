import type { IdentifiedEvent, InputEvent, RecordedEvent } from './event.types.js';
import type { LedgerProjection } from './projection.js';
import { replay } from './replay.js';
import type { TrustLadder } from './trust-ladder.types.js';

/**
 * What to append for new non-derived events: each event followed by the derived events it
 * causes (`cause` = its id), each derived event with an id from `newId`. Advances the
 * projection: a caller whose append then fails must drop it. Throws LEDGER_ORDER for an event
 * older than the newest, INVALID_INPUT for one the rules refuse; then nothing is to append.
 */
export function planAppend(
  projection: LedgerProjection,
  events: readonly IdentifiedEvent<InputEvent>[],
  newId: () => string,
): IdentifiedEvent[] {
  const out: IdentifiedEvent[] = [];
  for (const event of events) {
    out.push(event);
    for (const derived of projection.apply(event)) out.push({ ...derived, id: newId() });
  }
  return out;
}

/** planAppend on a fresh replay of `log` (the log so far, in seq order): pure. */
export function deriveAppend(
  ladder: TrustLadder,
  log: Iterable<RecordedEvent>,
  events: readonly IdentifiedEvent<InputEvent>[],
  newId: () => string,
): IdentifiedEvent[] {
  return planAppend(replay(ladder, log).projection, events, newId);
}
