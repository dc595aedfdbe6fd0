// The JSON documents callers build in code, generated from schemas/ by
// scripts/generate-input-types.mjs (test.sh fails when they are stale). They type the entry
// points' typed calls; the same entry points still take `unknown` and validate it.
export type {
  Change,
  Dependency as ChangeDependency,
  File as ChangeFile,
  Status as ChangeFileStatus,
} from './change.generated.js';
export type {
  CeilingChangeEvent,
  LedgerEvent as LedgerEventDocument,
} from './ledger-event.generated.js';
export type { ReviewInput } from './review-input.generated.js';
export type { TaskSpec as TaskSpecDocument } from './taskspec.generated.js';
export type { TypedOrUnknown, TypedOrUnknownList } from './typed-or-unknown.js';

import type { CeilingChangeEvent, LedgerEvent } from './ledger-event.generated.js';

type StoreField = 'id' | 'seq' | 'prev' | 'hash' | 'batchEnd';

/**
 * An event a caller records: any ledger event but those only the engine derives
 * (CeilingPromoted, CeilingDemoted, CeilingReset), without the fields the store assigns (id,
 * seq, prev, hash, batchEnd), which `Ledger.record` refuses on input.
 */
export type InputEventDocument =
  Exclude<LedgerEvent, CeilingChangeEvent> extends infer E
    ? E extends unknown
      ? Omit<E, StoreField>
      : never
    : never;
