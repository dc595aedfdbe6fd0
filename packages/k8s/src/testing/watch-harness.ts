import type { CompiledAttestorPolicy } from '@trustladder/core';
import { watchObserver } from '../observe.js';
import type { ObserverReport } from '../report/observer-report.types.js';
import type { FakeApiServer } from './fake-api-server.js';
import { clientFor } from './observer-harness.js';

/** Reconnects and retries after at most `ms` (real backoff is seconds). */
export const quick =
  (ms = 10) =>
  (wanted: number) =>
    new Promise<void>((resolve) => setTimeout(resolve, Math.min(wanted, ms)));

export interface RunningWatch {
  readonly reports: ObserverReport[];
  /** Resolves with the first report (from now on, or already seen when `seen` allows) that satisfies `test`. */
  next(test: (r: ObserverReport) => boolean, timeoutMs?: number): Promise<ObserverReport>;
  /** Aborts the watch (as SIGINT does in the CLI) and resolves with its last report. */
  stop(): Promise<ObserverReport>;
}

// Runs watchObserver against a fake and collects every report it prints.
export async function startWatch(
  fake: FakeApiServer,
  attestors: CompiledAttestorPolicy,
  options: { settleMs?: number } = {},
): Promise<RunningWatch> {
  const controller = new AbortController();
  const reports: ObserverReport[] = [];
  const waiters: Array<{ test: (r: ObserverReport) => boolean; resolve: (r: ObserverReport) => void }> = [];
  const done = watchObserver({
    client: clientFor(fake).client,
    attestors,
    signal: controller.signal,
    delay: quick(),
    settleMs: options.settleMs ?? 20,
    onReport: (r) => {
      reports.push(r);
      for (const w of [...waiters]) {
        if (w.test(r)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(r);
        }
      }
    },
  });
  done.catch(() => {});
  const running: RunningWatch = {
    reports,
    next(test, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching report within ${timeoutMs} ms (${reports.length} seen)`)),
          timeoutMs,
        );
        waiters.push({
          test,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
        });
      });
    },
    async stop() {
      controller.abort();
      return done;
    },
  };
  await running
    .next(() => true)
    .catch(async (e: unknown) => {
      controller.abort();
      throw (await done.then(
        () => e,
        (err: unknown) => err,
      )) as Error;
    });
  return running;
}
