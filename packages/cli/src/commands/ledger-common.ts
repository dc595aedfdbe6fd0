import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_POLICY_TEXTS,
  defaultPolicySource,
  formatInstant,
  loadTrustLadder,
  parseDuration,
  parseInstant,
  type TrustLadder,
  TrustladderError,
} from '@trustladder/core';
import {
  DEFAULT_MAX_SKEW_MS,
  type EventStore,
  type Head,
  isLedgerError,
  JsonlEventStore,
  Ledger,
  openStore,
} from '@trustladder/ledger';
import { EXIT_DENIED, EXIT_USAGE } from '../exit-codes.js';
import type { Io } from '../io.js';
import { readInput } from '../read-input.js';

// What the ledger subcommands (and dispatch check) share: loading the ladder, opening the
// log, the clock, ledger errors as one line, and a progress line for long replays.

// The built-in ladders handed out by loadLadder: openLedger checks the log was written under one.
const BUILT_IN = new WeakSet<TrustLadder>();

/** `--ladder FILE`, or the built-in policies/trust-ladder.yaml when absent (see openLedger). */
export async function loadLadder(file: string | undefined, io: Io): Promise<TrustLadder> {
  if (file !== undefined) return loadTrustLadder(await readInput(file, io), { source: file });
  const ladder = loadTrustLadder(DEFAULT_POLICY_TEXTS['trust-ladder'], {
    source: defaultPolicySource('trust-ladder'),
  });
  BUILT_IN.add(ladder);
  return ladder;
}

/**
 * Opens the log. `mustExist`: a file log that is not there is an input error (reads). With the
 * built-in ladder (no --ladder), a log that holds events must record that it was folded under
 * that same ladder: otherwise a default would silently replay (or, on the next append, refold)
 * someone's log under rules it was not written under.
 */
export async function openLedger(
  log: string,
  ladder: TrustLadder,
  io: Io,
  mustExist: boolean,
): Promise<Ledger> {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(log);
  const location = isUrl ? log : resolve(io.cwd, log);
  if (!isUrl && mustExist && !existsSync(location))
    throw new TrustladderError('INVALID_INPUT', `no ledger at ${log}`, {
      source: log,
      issues: [{ code: 'not_found', path: '', message: 'no ledger here (ledger record creates one)' }],
    });
  const ledger = new Ledger(openStore(location), ladder);
  if (!BUILT_IN.has(ladder)) return ledger;
  try {
    await assertWrittenUnderBuiltIn(ledger.store, ladder, log);
    return ledger;
  } catch (e) {
    await ledger.close();
    throw e;
  }
}

async function assertWrittenUnderBuiltIn(store: EventStore, ladder: TrustLadder, log: string): Promise<void> {
  if ((await store.head()).seq === 0) return; // no events yet: nothing was written under any ladder
  const meta = (await store.readProjection([])).meta;
  if (meta?.ladder === ladder.digest) return;
  const why =
    meta === undefined
      ? 'it does not record the trust ladder it was written under'
      : `it was written under trust ladder ${meta.ladder}, not the built-in one (${ladder.digest})`;
  // No issue list: the line is `<log>: <why>; pass --ladder FILE, ...` (there is no pointer).
  throw new TrustladderError('INVALID_INPUT', `${why}; pass --ladder FILE, the ladder it was written under`, {
    source: log,
  });
}

/** Now, as RFC 3339 UTC to the second: the CLI is the only place that reads the clock. */
export function now(): string {
  return formatInstant({ us: Math.floor(Date.now() / 1000) * 1_000_000, ns: 0 });
}

/** An RFC 3339 UTC instant given for a flag; a usage error otherwise. */
export function instantFlag(value: string, flag: string): string {
  if (parseInstant(value) === undefined)
    throw new TrustladderError('INVALID_INPUT', `--${flag} ${value} is not an instant`, {
      issues: [
        {
          code: 'invalid_instant',
          path: '',
          message: `--${flag} takes an RFC 3339 UTC instant such as 2026-05-01T00:00:00Z`,
        },
      ],
    });
  return value;
}

/** `--since`: a duration back from `until` (90d, 12h) or an instant. */
export function sinceFlag(value: string, until: string): string {
  const us = parseDuration(value);
  if (us !== undefined) {
    const end = parseInstant(until);
    if (end === undefined) throw new Error('unreachable: until was checked');
    return formatInstant({ us: end.us - us, ns: end.ns });
  }
  return instantFlag(value, 'since');
}

/**
 * Runs a ledger action and turns ledger errors into one line on stderr: a damaged or
 * mismatching log is exit 1 (tampered), anything else about the store is exit 2.
 */
export async function withLedgerErrors(io: Io, name: string, action: () => Promise<number>): Promise<number> {
  try {
    return await action();
  } catch (e) {
    if (!isLedgerError(e)) throw e;
    io.stderr(`trustladder ${name}: ${e.message}\n`);
    return e.code === 'CORRUPT' || e.code === 'MISMATCH' ? EXIT_DENIED : EXIT_USAGE;
  }
}

/** Warns (stderr) when a JSON-lines log ends in an incomplete batch, which reads ignore. */
export function warnTorn(store: EventStore, io: Io, name: string): void {
  if (store instanceof JsonlEventStore && store.torn)
    io.stderr(
      `trustladder ${name}: warning: ${store.location} ends in an incomplete batch from line ${store.torn.line} (${store.torn.bytes} bytes); it is ignored; \`ledger verify\` reports it\n`,
    );
}

/** The flags every command that checks times against the clock shares. */
export const CLOCK_OPTIONS = {
  now: { type: 'string' },
  'max-skew': { type: 'string' },
} as const;

/** `--now` and `--max-skew SECONDS` (default 300): the clock and the allowed skew. */
export function clockFlags(values: { now?: string | undefined; 'max-skew'?: string | undefined }): {
  now?: string;
  maxSkewMs: number;
} {
  let maxSkewMs = DEFAULT_MAX_SKEW_MS;
  const skew = values['max-skew'];
  if (skew !== undefined) {
    if (!/^(0|[1-9][0-9]{0,8})$/.test(skew))
      throw new TrustladderError('INVALID_INPUT', `--max-skew ${skew} is not a number of seconds`, {
        issues: [{ code: 'invalid_skew', path: '', message: '--max-skew takes whole seconds, such as 300' }],
      });
    maxSkewMs = Number(skew) * 1000;
  }
  return values.now === undefined ? { maxSkewMs } : { now: instantFlag(values.now, 'now'), maxSkewMs };
}

/** A head written as `SEQ:sha256:HEX` (what verify and checkpoint print). */
export function headFlag(value: string, flag: string): Head {
  const m = /^(\d{1,15}):(sha256:[0-9a-f]{64})$/.exec(value);
  if (!m)
    throw new TrustladderError('INVALID_INPUT', `--${flag} ${value} is not a head`, {
      issues: [
        {
          code: 'invalid_head',
          path: '',
          message: `--${flag} takes SEQ:sha256:HEX, as \`ledger verify\` prints it`,
        },
      ],
    });
  return { seq: Number(m[1]), hash: m[2] as string };
}

/** A progress line on a terminal's stderr for long replays; a no-op elsewhere. */
export function progress(io: Io, what: string): { tick: (events: number) => void; done: () => void } {
  if (!io.isTTY || process.stderr.isTTY !== true) return { tick: () => undefined, done: () => undefined };
  const started = Date.now();
  let shown = false;
  return {
    tick(events) {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      const width = 24;
      const filled = Math.floor(((events / 50_000) % (width + 1)) as number);
      const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
      io.stderr(
        `\r${what} [${bar}] ${events.toLocaleString('en')} events, ${Math.round(events / seconds).toLocaleString('en')}/s `,
      );
      shown = true;
    },
    done() {
      if (shown) io.stderr('\r\u001b[2K');
    },
  };
}
