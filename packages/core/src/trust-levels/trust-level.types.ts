// Progressive trust levels (seeds/000_*): how much an automation may do for one application
// in one environment. Opt-in, per application and environment, changed only by a recorded
// TrustLevelSet event; nothing escalates on its own.

export type TrustLevel = 0 | 1 | 2 | 3 | 4 | 5;

export const TRUST_LEVEL_NAMES = [
  'OBSERVE',
  'RECOMMEND',
  'PROPOSE',
  'DEPLOY-DEV',
  'DEPLOY-PROD',
  'AUTONOMOUS',
] as const;

export type TrustLevelName = (typeof TRUST_LEVEL_NAMES)[number];

/** What an automation wants to do, each with the least level that permits it. */
export const ACTION_MINIMUM_LEVEL = {
  read: 0,
  recommend: 1,
  propose: 2,
  'deploy-dev': 3,
  'deploy-prod': 4,
  'act-without-human': 5,
} as const satisfies Record<string, TrustLevel>;

export type ActionKind = keyof typeof ACTION_MINIMUM_LEVEL;

export const ACTION_KINDS = Object.keys(ACTION_MINIMUM_LEVEL) as ActionKind[];

export function isActionKind(value: string): value is ActionKind {
  return Object.hasOwn(ACTION_MINIMUM_LEVEL, value);
}

/** The answer of isPermitted (schemas/trust-level-check.schema.json). */
export interface TrustLevelCheck {
  readonly permitted: boolean;
  readonly agent: string;
  readonly application: string;
  readonly environment: string;
  readonly action: ActionKind;
  readonly level: TrustLevel;
  readonly levelName: TrustLevelName;
  readonly requiredLevel: TrustLevel;
  /** The TrustLevelSet that gave the level; null when none did (level 0). */
  readonly setBy: {
    readonly by: string;
    readonly at: string;
    readonly reason: string;
    readonly id: string | null;
  } | null;
  readonly reason: string;
}
