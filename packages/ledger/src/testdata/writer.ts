// A writer process for the fault tests: appends `count` batches through the Ledger and prints
// "ack <id>..." for each once it resolved (was durable). Modes:
//   append <location> <agent> <count> [eventsPerBatch]   append and exit
//   hold <location>                                      take the write lock, print "holding", never let go
//   pause <location> <agent>                             take the write lock, print "holding", then
//                                                        append one event once resumed (the test stops
//                                                        this process with SIGSTOP in between)
//   fill <location> <agent>                              append big batches until one fails; print "failed <code>"
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_POLICY_TEXTS, type InputEventDocument, loadTrustLadder } from '@trustladder/core';
import { isLedgerError } from '../errors.js';
import { Ledger } from '../ledger.js';
import { openStore } from '../open-store.js';

// A file-size limit (ulimit -f) makes the kernel send SIGXFSZ, which would kill the process:
// ignored, the write fails with EFBIG instead, as on a full disk.
process.on('SIGXFSZ', () => undefined);

const [mode, location, agent = 'dev-e', countText = '1', perBatchText = '1'] = process.argv.slice(2);
if (!location) throw new Error('usage: writer.ts append|hold|pause|fill LOCATION [AGENT COUNT PER_BATCH]');
const ladder = loadTrustLadder(DEFAULT_POLICY_TEXTS['trust-ladder']);
const table = process.env.LEDGER_TABLE;
const store = openStore(location, {
  sqlite: { busyTimeoutMs: Number(process.env.LEDGER_BUSY_MS ?? 60_000) },
  ...(table ? { postgres: { table } } : {}),
});
const AT = '2026-01-01T00:00:00Z';
const run = (taskId: string): InputEventDocument => ({
  type: 'RunCompleted',
  at: AT,
  agent,
  taskClass: 'fault-test',
  tier: 'T0',
  // human-rework keeps the fold quiet (no promotions), so counts are exact
  outcome: 'human-rework',
  taskId,
});

if (mode === 'hold') {
  await store.append(async () => {
    process.stdout.write('holding\n');
    await new Promise(() => undefined);
    return [];
  });
} else if (mode === 'pause') {
  const r = await store.append(async () => {
    process.stdout.write('holding\n');
    await sleep(300); // the test stops the process here, with the lock held
    return [{ ...run(`${agent}-paused`), id: `${agent}-paused-id` } as never];
  });
  process.stdout.write(`ack ${r.records.map((x) => x.id).join(' ')}\n`);
  await store.close();
} else if (mode === 'fill') {
  const ledger = new Ledger(store, ladder);
  for (let i = 0; ; i++) {
    try {
      const r = await ledger.record(Array.from({ length: 500 }, (_, j) => run(`${agent}-${i}-${j}`)));
      process.stdout.write(`ack ${r.records.map((x) => x.id).join(' ')}\n`);
    } catch (e) {
      process.stdout.write(`failed ${isLedgerError(e) ? e.code : String(e)}\n`);
      break;
    }
  }
  await ledger.close();
} else {
  const ledger = new Ledger(store, ladder);
  const count = Number(countText);
  const perBatch = Number(perBatchText);
  for (let i = 0; i < count; i++) {
    const r = await ledger.record(Array.from({ length: perBatch }, () => run(`${agent}-${i}`)));
    process.stdout.write(`ack ${r.records.map((x) => x.id).join(' ')}\n`);
  }
  await ledger.close();
}
