// A writer process for the fault tests: appends `count` single-event batches through the
// Ledger and prints "ack <id>" for each once it resolved (was durable). Modes:
//   append <location> <agent> <count> [eventsPerBatch]   append and exit
//   hold <location>                                      take the write lock, print "holding", never let go
import { DEFAULT_POLICY_TEXTS, loadTrustLadder } from '@trustladder/core';
import { Ledger } from '../ledger.js';
import { openStore } from '../open-store.js';

const [mode, location, agent = 'dev-e', countText = '1', perBatchText = '1'] = process.argv.slice(2);
if (!location) throw new Error('usage: writer.ts append|hold LOCATION [AGENT COUNT PER_BATCH]');
const ladder = loadTrustLadder(DEFAULT_POLICY_TEXTS['trust-ladder']);
const table = process.env.LEDGER_TABLE;
const store = openStore(location, {
  file: { lockStaleMs: Number(process.env.LEDGER_STALE_MS ?? 10_000) },
  ...(table ? { postgres: { table } } : {}),
});

if (mode === 'hold') {
  await store.append(async () => {
    process.stdout.write('holding\n');
    await new Promise(() => undefined);
    return [];
  });
} else {
  const ledger = new Ledger(store, ladder);
  const count = Number(countText);
  const perBatch = Number(perBatchText);
  for (let i = 0; i < count; i++) {
    const at = new Date(Date.UTC(2026, 0, 1)).toISOString().replace('.000Z', 'Z');
    const events = Array.from({ length: perBatch }, () => ({
      type: 'RunCompleted',
      at,
      agent,
      taskClass: 'fault-test',
      tier: 'T0',
      // human-rework keeps the fold quiet (no promotions), so counts are exact
      outcome: 'human-rework',
      taskId: `${agent}-${i}`,
    }));
    const r = await ledger.record(events);
    process.stdout.write(`ack ${r.records.map((x) => x.id).join(' ')}\n`);
  }
  await ledger.close();
}
