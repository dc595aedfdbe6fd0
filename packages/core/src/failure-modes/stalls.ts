import { TrustladderError } from '../errors.js';
import type { EscalationRequired, LedgerEvent, RunProgressed } from '../ladder/event.types.js';
import { compareInstants, parseInstant } from '../ladder/instant.js';
import { maxTier, shiftTier, type Tier, tierRank } from '../tier.js';

export interface StallOptions {
  /** Now (RFC 3339 UTC): the CLI reads the clock, the engine never does. */
  readonly at: string;
  /** Microseconds without a progress event after which an open run is stalled. */
  readonly stallAfterUs: number;
  /** This many `failing` heartbeats in a row on work above the task's tier escalate. */
  readonly failuresInARow: number;
}

/** A run the stall guard escalates, with the event to record (null at T3: a human drives it). */
export interface Stall {
  readonly taskId: string;
  readonly agent: string;
  readonly taskClass: string;
  readonly trigger: 'stall' | 'repeated-failure';
  readonly tier: Tier;
  /** The newest heartbeat's time. */
  readonly lastProgress: string;
  readonly event: EscalationRequired | null;
}

interface OpenRun {
  readonly taskId: string;
  agent: string;
  taskClass: string;
  tier: Tier;
  last: RunProgressed;
  // The failing heartbeats in a row, newest last, each on work above the task's tier.
  failingAbove: RunProgressed[];
  escalatedAfter: string | null;
}

/**
 * The stall guard over the ledger's events (in order): every run with a heartbeat
 * (RunProgressed) and no RunCompleted for its task is open. An open run escalates when its
 * newest heartbeat is older than `stallAfterUs`, or when its last `failuresInARow`
 * heartbeats all failed on work classified above the task's tier. A run already escalated
 * since its newest heartbeat is not escalated again. The stall's required tier is one above
 * the task's (fail closed: a human looks), or the work's tier when that is higher.
 */
export function findStalls(events: Iterable<LedgerEvent>, options: StallOptions): Stall[] {
  const now = parseInstant(options.at);
  if (
    now === undefined ||
    !Number.isSafeInteger(options.stallAfterUs) ||
    options.stallAfterUs <= 0 ||
    !Number.isSafeInteger(options.failuresInARow) ||
    options.failuresInARow < 1
  )
    throw new TrustladderError(
      'INVALID_INPUT',
      'findStalls needs an instant, a positive stall time and failure count',
      {
        issues: [{ code: 'invalid_options', path: '', message: 'at, stallAfterUs > 0, failuresInARow >= 1' }],
      },
    );
  const open = new Map<string, OpenRun>();
  for (const e of events) {
    if (e.type === 'RunProgressed') {
      const run = open.get(e.taskId) ?? {
        taskId: e.taskId,
        agent: e.agent,
        taskClass: e.taskClass,
        tier: e.tier,
        last: e,
        failingAbove: [],
        escalatedAfter: null,
      };
      run.last = e;
      run.agent = e.agent;
      run.taskClass = e.taskClass;
      run.tier = e.tier;
      const above = e.workTier !== undefined && tierRank(e.workTier) > tierRank(e.tier);
      run.failingAbove = e.status === 'failing' && above ? [...run.failingAbove, e] : [];
      run.escalatedAfter = null;
      open.set(e.taskId, run);
    } else if (e.type === 'RunCompleted' && e.taskId !== undefined) {
      open.delete(e.taskId);
    } else if (e.type === 'EscalationRequired') {
      const run = open.get(e.taskId);
      if (run) run.escalatedAfter = e.at;
    }
  }
  const stalls: Stall[] = [];
  for (const run of open.values()) {
    if (run.escalatedAfter !== null) continue;
    const last = parseInstant(run.last.at);
    if (last === undefined) continue;
    const repeated = run.failingAbove.length >= options.failuresInARow;
    const silent = compareInstants({ us: last.us + options.stallAfterUs, ns: last.ns }, now) < 0;
    if (!repeated && !silent) continue;
    const trigger = repeated ? 'repeated-failure' : 'stall';
    const workTier = run.failingAbove.reduce<Tier>((t, e) => maxTier(t, e.workTier ?? t), run.tier);
    const required = maxTier(shiftTier(run.tier, 1), workTier);
    const context = repeated
      ? `${run.failingAbove.length} failing heartbeats in a row on work classified ${workTier}, above the task's ${run.tier}`
      : `no progress since ${run.last.at} (more than ${formatMicros(options.stallAfterUs)})`;
    stalls.push({
      taskId: run.taskId,
      agent: run.agent,
      taskClass: run.taskClass,
      trigger,
      tier: run.tier,
      lastProgress: run.last.at,
      event:
        tierRank(required) > tierRank(run.tier)
          ? {
              type: 'EscalationRequired',
              at: options.at,
              agent: run.agent,
              taskId: run.taskId,
              taskClass: run.taskClass,
              tier: run.tier,
              requiredTier: required,
              context,
              trigger,
            }
          : null,
    });
  }
  return stalls.sort((a, b) => (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0));
}

function formatMicros(us: number): string {
  const minutes = Math.round(us / 60_000_000);
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}
