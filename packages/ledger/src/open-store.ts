import { LedgerError } from './errors.js';
import type { EventStore } from './event-store.types.js';
import { FileEventStore, type FileStoreOptions } from './file-store.js';
import { PostgresEventStore, type PostgresStoreOptions } from './postgres-store.js';

export interface OpenStoreOptions {
  readonly file?: FileStoreOptions;
  readonly postgres?: PostgresStoreOptions;
}

/** `postgres://` or `postgresql://` URLs open the PostgreSQL store; anything else is a file path. */
export function openStore(location: string, options: OpenStoreOptions = {}): EventStore {
  if (location.trim() === '') throw new LedgerError('INVALID_LOCATION', 'the ledger location is empty');
  if (/^postgres(ql)?:\/\//i.test(location)) return new PostgresEventStore(location, options.postgres);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location))
    throw new LedgerError(
      'INVALID_LOCATION',
      `${location.split('://')[0]}:// is not a ledger store (a path or postgres://)`,
      {
        location,
      },
    );
  return new FileEventStore(location, options.file);
}
