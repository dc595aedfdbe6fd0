import { constants } from 'node:fs';
import { link, open, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LedgerReplay, type TrustLadder } from '@trustladder/core';
import { LedgerError } from './errors.js';
import type { EventStore } from './event-store.types.js';
import { EMPTY_HEAD, type Head } from './record-codec.js';
import { trustLevelRecords, trustLevelsOf } from './trust-level-projection.js';
import { type VerifyOptions, type VerifyReport, verifyStore } from './verify.js';

export interface ExportResult {
  readonly events: number;
  readonly head: Head;
}

/**
 * Writes the log as JSON lines (the lines as stored, so the export verifies offline with the
 * same hashes). Read through the chain check: a damaged log is not exported. `uptoSeq` stops
 * after that seq, which must end a batch (the way to set aside an event from the future while
 * keeping the log it came from). The file appears whole or not at all; an existing file is
 * never overwritten.
 */
export async function exportLog(
  store: EventStore,
  path: string,
  options: { uptoSeq?: number } = {},
): Promise<ExportResult> {
  const upto = options.uptoSeq;
  if (upto !== undefined && (!Number.isSafeInteger(upto) || upto < 0))
    throw new LedgerError('INVALID_LOCATION', `--upto ${upto} is not a seq`);
  const target = resolve(path);
  const tmp = `${target}.partial-${process.pid}`;
  let fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644).catch(
    (e: unknown) => {
      throw new LedgerError('UNAVAILABLE', `cannot write ${path}: ${(e as Error).message}`, {
        location: path,
        cause: e,
      });
    },
  );
  let head: Head = EMPTY_HEAD;
  let events = 0;
  try {
    let chunk: string[] = [];
    let last: { seq: number; batchEnd: number } | undefined;
    for await (const r of store.read()) {
      if (upto !== undefined && r.seq > upto) break;
      chunk.push(r.line);
      head = { seq: r.seq, hash: r.hash };
      last = r;
      events++;
      if (chunk.length >= 4096) {
        await fh.write(`${chunk.join('\n')}\n`);
        chunk = [];
      }
    }
    if (upto !== undefined && (head.seq !== upto || (last && last.batchEnd !== last.seq)))
      throw new LedgerError(
        'INVALID_LOCATION',
        `--upto ${upto} is not the end of a batch of ${store.location} (an export ends on whole appends)`,
        { location: store.location },
      );
    if (chunk.length > 0) await fh.write(`${chunk.join('\n')}\n`);
    await fh.sync();
    await fh.close();
    fh = undefined as never;
    // Link, not rename: fails when the target exists instead of replacing it.
    await linkNoReplace(tmp, target, path);
    await syncDir(dirname(target));
    return { events, head };
  } finally {
    await fh?.close().catch(() => undefined);
    await rm(tmp, { force: true });
  }
}

async function linkNoReplace(from: string, to: string, shown: string): Promise<void> {
  try {
    await link(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new LedgerError('UNAVAILABLE', `${shown} already exists: export never overwrites a file`, {
        location: shown,
      });
    if ((e as NodeJS.ErrnoException).code === 'EPERM' || (e as NodeJS.ErrnoException).code === 'ENOTSUP')
      return rename(from, to);
    throw e;
  }
}

async function syncDir(dir: string): Promise<void> {
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

export interface ImportResult {
  readonly report: VerifyReport;
}

/**
 * Verifies a log (JSON lines, or any store) under `ladder` and, only when it verifies
 * exactly, loads it into the empty `target` with its projection, in one transaction. A log
 * with any problem is refused (CORRUPT, with the report): nothing is loaded.
 */
export async function importLog(
  source: EventStore,
  target: EventStore,
  ladder: TrustLadder,
  options: VerifyOptions = {},
): Promise<ImportResult> {
  const report = await verifyStore(source, ladder, options);
  if (!report.ok)
    throw Object.assign(
      new LedgerError(
        'CORRUPT',
        `${source.location} does not verify (${report.issues[0]?.code} at ${report.positionName} ${report.issues[0]?.position}); nothing was imported`,
        { location: source.location, ...(report.issues[0] ? { position: report.issues[0].position } : {}) },
      ),
      { report },
    );
  const replay = new LedgerReplay(ladder);
  const trust = trustLevelsOf([]);
  for await (const r of source.read()) {
    replay.push(r.event);
    trust.apply(r.event);
  }
  replay.finish();
  await target.load(source.read(), report.head, {
    ladder: ladder.digest,
    newestAt: replay.projection.newestAt ?? null,
    subjects: replay.projection.snapshots(),
    records: trustLevelRecords(trust),
    replace: true,
  });
  return { report };
}
