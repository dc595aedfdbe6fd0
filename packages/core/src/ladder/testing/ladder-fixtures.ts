import { DEFAULT_POLICY_TEXTS } from '../../defaults/index.js';
import type { Tier } from '../../tier.js';
import type { CeilingSet, DerivedEvent, IdentifiedEvent, InputEvent, RunCompleted } from '../event.types.js';
import { loadTrustLadder } from '../load-trust-ladder.js';
import { LedgerProjection } from '../projection.js';
import type { RunOutcome, TrustLadder } from '../trust-ladder.types.js';

// Hand-written event sequences for the semantics tests: a clock of whole days and seconds
// from 2026-01-01, and a feeder that gives every event an id e1, e2, ...

export const DEFAULT_LADDER: TrustLadder = loadTrustLadder(DEFAULT_POLICY_TEXTS['trust-ladder'], {
  source: 'policies/trust-ladder.yaml',
});

const EPOCH = Date.UTC(2026, 0, 1);

/** `2026-01-01` plus days and seconds, as RFC 3339. */
export function day(days: number, seconds = 0): string {
  return new Date(EPOCH + days * 86_400_000 + seconds * 1000).toISOString().replace('.000Z', 'Z');
}

export function run(
  at: string,
  tier: Tier,
  outcome: RunOutcome = 'success',
  agent = 'dev-e',
  taskClass = 'docs-update',
): RunCompleted {
  return { type: 'RunCompleted', at, agent, taskClass, tier, outcome };
}

/** A human's CeilingSet (reason `r`). */
export function ceilingSet(
  at: string,
  tier: CeilingSet['tier'],
  by = 'a',
  agent = 'dev-e',
  taskClass = 'docs-update',
): CeilingSet {
  return { type: 'CeilingSet', at, agent, taskClass, tier, by, reason: 'r' };
}

/** `n` successful runs at `tier`, one second apart from `start`. */
export function successes(
  n: number,
  tier: Tier,
  start: string,
  agent = 'dev-e',
  taskClass = 'docs-update',
): RunCompleted[] {
  const t0 = Date.parse(start);
  return Array.from({ length: n }, (_, i) =>
    run(new Date(t0 + i * 1000).toISOString().replace('.000Z', 'Z'), tier, 'success', agent, taskClass),
  );
}

export class Feeder {
  readonly projection: LedgerProjection;
  readonly derived: DerivedEvent[] = [];
  private n = 0;
  constructor(ladder: TrustLadder = DEFAULT_LADDER) {
    this.projection = new LedgerProjection(ladder);
  }
  /** Applies events in order; returns the derived events they caused. */
  feed(...events: InputEvent[]): DerivedEvent[] {
    const out: DerivedEvent[] = [];
    for (const e of events)
      out.push(...this.projection.apply({ ...e, id: `e${++this.n}` } as IdentifiedEvent<InputEvent>));
    this.derived.push(...out);
    return out;
  }
  get lastId(): string {
    return `e${this.n}`;
  }
  ceiling(agent = 'dev-e', taskClass = 'docs-update'): Tier {
    return this.projection.ceilingOf(agent, taskClass);
  }
  state(agent = 'dev-e', taskClass = 'docs-update') {
    return this.projection.subject(agent, taskClass);
  }
}
