import { compareCodePoints } from '../classify/index.js';
import type { LedgerEvent, TrustLevelSet } from '../ladder/event.types.js';
import {
  ACTION_MINIMUM_LEVEL,
  type ActionKind,
  TRUST_LEVEL_NAMES,
  type TrustLevel,
  type TrustLevelCheck,
} from './trust-level.types.js';

/** One (automation, application, environment) and the event that set its level. */
export interface TrustLevelRecord {
  readonly agent: string;
  readonly application: string;
  readonly environment: string;
  readonly level: TrustLevel;
  readonly by: string;
  readonly at: string;
  readonly reason: string;
  readonly id: string | null;
}

/**
 * The trust-level fold: the latest TrustLevelSet per (automation, application, environment),
 * in log order. Nothing else moves a level, so a level never rises without its event. An
 * application or environment never set is at 0 (OBSERVE). Environments compare
 * case-insensitively (Production and production are one environment); applications exactly.
 */
export class TrustLevelState {
  private readonly levels = new Map<string, TrustLevelRecord>();

  apply(event: LedgerEvent & { readonly id?: string }): void {
    if (event.type !== 'TrustLevelSet') return;
    const e = event as TrustLevelSet & { readonly id?: string };
    this.levels.set(key(e.agent, e.application, e.environment), {
      agent: e.agent,
      application: e.application,
      environment: e.environment,
      level: e.level,
      by: e.by,
      at: e.at,
      reason: e.reason,
      id: e.id ?? null,
    });
  }

  record(agent: string, application: string, environment: string): TrustLevelRecord | undefined {
    return this.levels.get(key(agent, application, environment));
  }

  levelOf(agent: string, application: string, environment: string): TrustLevel {
    return this.record(agent, application, environment)?.level ?? 0;
  }

  /** Whether the automation may do `action` for the application in the environment. */
  isPermitted(agent: string, action: ActionKind, application: string, environment: string): TrustLevelCheck {
    const r = this.record(agent, application, environment);
    const level = r?.level ?? 0;
    // An action kind not in the table has no minimum to meet: it is refused (never treated as safe).
    const required = (
      Object.hasOwn(ACTION_MINIMUM_LEVEL, action) ? ACTION_MINIMUM_LEVEL[action] : 6
    ) as TrustLevel;
    const permitted = level >= required;
    const name = (l: number) => `${l} ${TRUST_LEVEL_NAMES[l] ?? 'UNKNOWN'}`;
    return {
      permitted,
      agent,
      application,
      environment,
      action,
      level,
      levelName: TRUST_LEVEL_NAMES[level],
      requiredLevel: required,
      setBy: r ? { by: r.by, at: r.at, reason: r.reason, id: r.id } : null,
      reason: `${action} needs level ${name(required)}; ${agent} is at ${name(level)} for ${application} in ${environment}${r ? ` (set by ${r.by} at ${r.at})` : ' (never set)'}`,
    };
  }

  /** One automation's view: `isPermitted(action, application, environment)`. */
  forAgent(agent: string): {
    isPermitted(action: ActionKind, application: string, environment: string): TrustLevelCheck;
  } {
    return {
      isPermitted: (action, application, environment) =>
        this.isPermitted(agent, action, application, environment),
    };
  }

  /** Every level set, sorted by automation, application, environment. */
  all(): TrustLevelRecord[] {
    return [...this.levels.values()].sort(
      (a, b) =>
        compareCodePoints(a.agent, b.agent) ||
        compareCodePoints(a.application, b.application) ||
        compareCodePoints(a.environment.toLowerCase(), b.environment.toLowerCase()),
    );
  }
}

/** Folds ledger events (in log order) into trust levels. */
export function foldTrustLevels(events: Iterable<LedgerEvent & { readonly id?: string }>): TrustLevelState {
  const state = new TrustLevelState();
  for (const e of events) state.apply(e);
  return state;
}

function key(agent: string, application: string, environment: string): string {
  return `${agent}\u0000${application}\u0000${environment.toLowerCase()}`;
}
